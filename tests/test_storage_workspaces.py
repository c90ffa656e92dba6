"""Storage of installations: revoking a person's user token, forgetting an org-wide install
with every workspace of the org, and nothing of anyone else."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_sdk.oauth.installation_store import Installation

from storage.installations import InstallationStore
from storage.repository import Store


def installed(store: Store, *, team_id: str | None, enterprise_id: str | None = None) -> None:
    InstallationStore(client_id="c1", engine=store.engine).save(
        Installation(
            app_id="A1",
            enterprise_id=enterprise_id,
            team_id=team_id,
            user_id="U1",
            user_token=f"xoxp-{team_id}",
            bot_token=f"xoxb-{team_id or enterprise_id}",
            bot_id="B1",
            bot_user_id="UB",
            is_enterprise_install=team_id is None,
        )
    )


def found(
    store: Store, *, team_id: str | None, enterprise_id: str | None = None
) -> Installation | None:
    return InstallationStore(client_id="c1", engine=store.engine).find_installation(
        enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=team_id is None
    )


def test_a_revoked_user_token_goes_and_the_bot_token_stays(store: Store) -> None:
    installed(store, team_id="T1")
    installed(store, team_id="T2")
    with store.transaction() as tx:
        tx.revoke_user_tokens(enterprise_id=None, team_id="T1", user_ids=["U1"])
    one, two = found(store, team_id="T1"), found(store, team_id="T2")
    assert one is not None and one.user_token is None and one.bot_token == "xoxb-T1"
    assert two is not None and two.user_token == "xoxp-T2"


def test_forgetting_an_org_forgets_its_workspaces_and_its_install(store: Store) -> None:
    installed(store, team_id=None, enterprise_id="E1")
    installed(store, team_id="T9")
    with store.transaction() as tx:
        tx.remember_org(team_id="T1", enterprise_id="E1")
        tx.remember_org(team_id="T1", enterprise_id="E1")  # seen again: no error
        tx.remember_org(team_id="T2", enterprise_id="E1")
        tx.set_hidden(team_id="T1", user_id="U1", hidden=True, now=datetime.now(UTC))
        tx.set_hidden(team_id="T9", user_id="U1", hidden=True, now=datetime.now(UTC))
        assert tx.org_of(team_id="T1") == "E1" and tx.org_of(team_id="T9") is None
        removed = tx.forget_org(enterprise_id="E1")
    assert removed == 5  # T1's preference, two org rows, the org's bot and installation
    assert found(store, team_id=None, enterprise_id="E1") is None
    assert found(store, team_id="T9") is not None
    with store.transaction() as tx:
        assert tx.org_teams(enterprise_id="E1") == []
        assert tx.hidden_users(team_id="T1") == set() and tx.hidden_users(team_id="T9") == {"U1"}
