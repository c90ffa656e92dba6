"""The grading calibration: hand-scored transcripts against the grader (issue 12)."""
