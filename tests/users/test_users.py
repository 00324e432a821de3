"""Users: argon2 hashes, lockout after 5 failures for 15 minutes, roles, first manager, audited changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from shared import db, users
from shared.errors import CitadelError
from shared.models import AuditEvent, User, utcnow


def make(engine, name="anna", password="correct horse", role="manager"):
    with db.session_scope(engine) as s:
        if role == "manager" and users.needs_first_manager(s):
            users.create_first_manager(s, name, password)
        else:
            users.create_user(s, "test", name, password, role)


def actions(engine) -> list[str]:
    with db.session_scope(engine) as s:
        return [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.at)).all()]


def test_first_run_creates_one_manager_then_refuses(engine):
    with db.session_scope(engine) as s:
        assert users.needs_first_manager(s)
        users.create_first_manager(s, "anna", "correct horse")
    with db.session_scope(engine) as s:
        assert not users.needs_first_manager(s)
        row = s.exec(select(User)).one()
        assert row.password_hash.startswith("$argon2id$")
        assert "correct horse" not in row.password_hash
        with pytest.raises(CitadelError) as err:
            users.create_first_manager(s, "mallory", "whatever123")
    assert err.value.code == "first_run_done"


def test_login_ok_and_wrong_password(engine):
    make(engine)
    who = users.login(engine, "anna", "correct horse")
    assert who == users.Principal("anna", "manager")
    with pytest.raises(CitadelError) as err:
        users.login(engine, "anna", "wrong")
    assert err.value.code == "bad_login"
    assert err.value.message("vi") == "Sai tên đăng nhập hoặc mật khẩu"
    with pytest.raises(CitadelError) as unknown:
        users.login(engine, "nobody", "wrong")
    assert unknown.value.code == "bad_login"  # same answer: no user enumeration
    assert actions(engine).count("login.failed") == 2


def test_lockout_after_five_failures_for_fifteen_minutes(engine):
    make(engine)
    now = utcnow()
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(CitadelError):
            users.login(engine, "anna", "nope", now=now)
    with pytest.raises(CitadelError) as err:
        users.login(engine, "anna", "correct horse", now=now + timedelta(minutes=14))
    assert err.value.code == "locked"
    assert "(UTC)" in err.value.message("en")
    assert (
        users.login(engine, "anna", "correct horse", now=now + timedelta(minutes=15, seconds=1)).role
        == "manager"
    )
    assert "user.locked" in actions(engine)


def test_four_failures_then_success_resets_the_counter(engine):
    make(engine)
    for _ in range(4):
        with pytest.raises(CitadelError):
            users.login(engine, "anna", "nope")
    users.login(engine, "anna", "correct horse")
    for _ in range(4):
        with pytest.raises(CitadelError):
            users.login(engine, "anna", "nope")
    assert users.login(engine, "anna", "correct horse").username == "anna"


@pytest.mark.parametrize(
    ("role", "action", "allowed"),
    [
        ("manager", "order.refund", True),
        ("cashier", "order.refund", False),
        ("cashier", "order.void", False),
        ("cashier", "order.reprint", True),
        ("cashier", "ticket.revoke", False),
        ("gate_staff", "order.reprint", False),
        ("gate_staff", "key.approve", False),
        ("cashier", "user.change", False),
        ("manager", "key.approve", True),
    ],
)
def test_role_checks_are_audited(engine, role, action, allowed):
    who = users.Principal("someone", role)
    with db.session_scope(engine) as s:
        if allowed:
            users.require(s, who, action, "target-1")
        else:
            with pytest.raises(CitadelError) as err:
                users.require(s, who, action, "target-1")
            assert err.value.code == "forbidden"
            assert role in err.value.message("vi")
    events = actions(engine)
    assert ("denied" in events) is (not allowed)


def test_manager_changes_users_and_cannot_remove_the_last_manager(engine):
    make(engine)
    boss = users.Principal("anna", "manager")
    with db.session_scope(engine) as s:
        users.add_user(s, boss, "binh", "password99", "cashier")
    with db.session_scope(engine) as s:
        users.set_role(s, boss, "binh", "gate_staff")
        users.reset_password(s, boss, "binh", "another-pass")
    assert users.login(engine, "binh", "another-pass").role == "gate_staff"
    with db.session_scope(engine) as s, pytest.raises(CitadelError) as err:
        users.set_role(s, boss, "anna", "cashier")
    assert err.value.code == "last_manager"
    with db.session_scope(engine) as s, pytest.raises(CitadelError) as err:
        users.set_active(s, boss, "anna", False)
    assert err.value.code == "last_manager"
    cashier = users.Principal("binh", "cashier")
    with pytest.raises(CitadelError) as err, db.session_scope(engine) as s:
        users.add_user(s, cashier, "eve", "password99", "manager")
    assert err.value.code == "forbidden"
    events = actions(engine)
    for expected in ("user.create", "user.role", "user.password"):
        assert expected in events


@pytest.mark.parametrize(
    ("name", "password", "role", "code"),
    [
        ("", "password99", "cashier", "bad_username"),
        ("x", "short", "cashier", "weak_password"),
        ("x", "password99", "king", "bad_role"),
    ],
)
def test_bad_input_gets_coded_errors(engine, name, password, role, code):
    with db.session_scope(engine) as s, pytest.raises(CitadelError) as err:
        users.create_user(s, "test", name, password, role)
    assert err.value.code == code
    assert err.value.message("vi") != f"error.{code}"
