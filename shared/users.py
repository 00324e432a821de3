"""Core layer (Qt-free): admin users, passwords, lockout and role checks.

Owns the rules of the Security section of ARCHITECTURE.md for people: argon2id password hashes
(argon2-cffi), a lockout after :data:`MAX_FAILURES` failed logins for :data:`LOCKOUT`, the three roles
and which privileged action each may perform. Every refusal and every privileged change writes an audit
event in the caller's transaction. The first run of the admin app creates the first manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session, col, func, select

from shared import audit
from shared.errors import CitadelError
from shared.i18n import register_catalog
from shared.models import Role, User, utcnow

register_catalog(Path(__file__).with_name("users.toml"))

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 8

# Which role may do what. Managers may do everything; a cashier sells, looks up orders and reprints;
# gate staff only see the dashboard.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MANAGER: frozenset(
        {
            "dashboard.view",
            "orders.view",
            "order.refund",
            "order.void",
            "order.reprint",
            "ticket.revoke",
            "reports.view",
            "reports.export",
            "city.view",
            "city.push",
            "catalogue.view",
            "catalogue.edit",
            "devices.view",
            "device.enrol",
            "device.approve",
            "device.revoke",
            "key.approve",
            "key.revoke",
            "users.view",
            "user.change",
            "audit.view",
        }
    ),
    Role.CASHIER: frozenset({"dashboard.view", "orders.view", "order.reprint", "catalogue.view"}),
    Role.GATE_STAFF: frozenset({"dashboard.view"}),
}

_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class Principal:
    """The logged-in person, as the app carries it around (no hash, no session-bound row)."""

    username: str
    role: str

    def can(self, action: str) -> bool:
        return action in PERMISSIONS.get(self.role, frozenset())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise CitadelError("weak_password", "password too short", minimum=MIN_PASSWORD)


def _check_role(role: str) -> None:
    if role not in {r.value for r in Role}:
        raise CitadelError("bad_role", role, role=role)


def needs_first_manager(session: Session) -> bool:
    """True until at least one active manager exists (the admin app then asks for one)."""
    count = session.exec(
        select(func.count()).select_from(User).where(User.role == Role.MANAGER, col(User.active))
    ).one()
    return int(count) == 0


def create_user(session: Session, actor: str, username: str, password: str, role: str) -> User:
    untrusted_name = username.strip()
    if not untrusted_name or len(untrusted_name) > 64 or not untrusted_name.isprintable():
        raise CitadelError("bad_username", username, username=username)
    _check_role(role)
    _check_password(password)
    if session.exec(select(User).where(User.username == untrusted_name)).first() is not None:
        raise CitadelError("user_exists", untrusted_name, username=untrusted_name)
    user = User(username=untrusted_name, password_hash=hash_password(password), role=role)
    session.add(user)
    audit.record(session, actor, "user.create", untrusted_name, role=role)
    return user


def create_first_manager(session: Session, username: str, password: str) -> User:
    """Only allowed while no manager exists: the first-run screen, never a back door afterwards."""
    if not needs_first_manager(session):
        raise CitadelError("first_run_done", "a manager already exists")
    return create_user(session, "first-run", username, password, Role.MANAGER)


def authenticate(session: Session, username: str, password: str, *, now: datetime | None = None) -> Principal:
    """Check a login. Raises ``bad_login`` (same for unknown user and wrong password), ``locked``.

    The failure counter is written in the caller's transaction, so the caller must commit even when
    this raises (``session_scope`` rolls back on exceptions: use :func:`login` instead)."""
    now = now or utcnow()
    user = session.exec(select(User).where(User.username == username.strip())).first()
    if user is None or not user.active:
        # Hash anyway so an unknown name costs as long as a wrong password.
        _hasher.hash(password)
        audit.record(session, username[:64] or "?", "login.failed", username[:128], reason="unknown")
        raise CitadelError("bad_login", "wrong user name or password")
    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, user.username, "login.refused", user.username, reason="locked")
        raise CitadelError(
            "locked", "account locked", until=user.locked_until.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        )
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            audit.record(session, user.username, "user.locked", user.username, minutes=15)
        else:
            audit.record(session, user.username, "login.failed", user.username, reason="password")
        session.add(user)
        raise CitadelError("bad_login", "wrong user name or password") from None
    user.failed_attempts = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    audit.record(session, user.username, "login", user.username)
    return Principal(user.username, user.role)


def login(engine: object, username: str, password: str, *, now: datetime | None = None) -> Principal:
    """:func:`authenticate` in its own transaction that commits the failure counter before raising."""
    from sqlalchemy.engine import Engine

    assert isinstance(engine, Engine)
    with Session(engine) as session:
        try:
            principal = authenticate(session, username, password, now=now)
        except CitadelError:
            session.commit()
            raise
        session.commit()
        return principal


def require(session: Session, who: Principal, action: str, target: str = "") -> None:
    """Refuse ``action`` unless ``who``'s role allows it; a refusal is audited (caller commits)."""
    if not who.can(action):
        audit.record(session, who.username, "denied", target, permission=action, role=who.role)
        raise CitadelError("forbidden", f"{who.role} may not {action}", action=action, role=who.role)


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))).all())


def _get(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise CitadelError("not_found", username, what="user", key=username)
    return user


def _would_leave_no_manager(session: Session, user: User, new_role: str, active: bool) -> bool:
    if user.role != Role.MANAGER or (new_role == Role.MANAGER and active):
        return False
    others = session.exec(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.MANAGER, col(User.active), User.id != user.id)
    ).one()
    return int(others) == 0


def set_role(session: Session, who: Principal, username: str, role: str) -> User:
    require(session, who, "user.change", username)
    _check_role(role)
    user = _get(session, username)
    if _would_leave_no_manager(session, user, role, user.active):
        raise CitadelError("last_manager", username)
    old = user.role
    user.role = role
    session.add(user)
    audit.record(session, who.username, "user.role", username, old=old, new=role)
    return user


def set_active(session: Session, who: Principal, username: str, active: bool) -> User:
    require(session, who, "user.change", username)
    user = _get(session, username)
    if not active and _would_leave_no_manager(session, user, user.role, active):
        raise CitadelError("last_manager", username)
    user.active = active
    session.add(user)
    audit.record(session, who.username, "user.enable" if active else "user.disable", username)
    return user


def reset_password(session: Session, who: Principal, username: str, password: str) -> User:
    """Set a new password and lift any lockout (a manager, or the user for themself)."""
    if who.username != username:
        require(session, who, "user.change", username)
    _check_password(password)
    user = _get(session, username)
    user.password_hash = hash_password(password)
    user.failed_attempts = 0
    user.locked_until = None
    session.add(user)
    audit.record(session, who.username, "user.password", username)
    return user


def add_user(session: Session, who: Principal, username: str, password: str, role: str) -> User:
    require(session, who, "user.change", username)
    return create_user(session, who.username, username, password, role)


def authorize(engine: object, who: Principal, action: str, target: str = "") -> None:
    """:func:`require` in its own committed transaction, so a refusal's audit event is kept even though
    the caller's work transaction never starts."""
    from sqlalchemy.engine import Engine

    assert isinstance(engine, Engine)
    with Session(engine) as session:
        try:
            require(session, who, action, target)
        finally:
            session.commit()
