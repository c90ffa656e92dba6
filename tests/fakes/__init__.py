"""Fakes for tests: a local Slack Web API server and signed Slack requests.

``slack_api.FakeSlack`` plays the Slack Web API for a real ``slack_sdk.WebClient``;
``slack_requests`` builds and signs the requests Slack sends to the app.
"""
