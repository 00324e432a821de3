"""The contract every provider keeps (one test class, one subclass per provider), plus cash, demo, the
factory and the message catalogue."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

import shared.payments
from shared.errors import CitadelError
from shared.i18n import LANGUAGES, has
from shared.payments import PaymentHandle, PaymentProvider, PaymentRequest, PaymentState, load_provider
from shared.payments.simple import CashProvider, DemoProvider
from shared.payments.vietqr import VietQRProvider
from tests.payments.conftest import ManualClock, make_request
from tests.payments.stripe_emulator import StripeEmulator


class ProviderContract:
    """Subclasses give ``make`` (a fresh instance, as after a restart) and ``settle`` (the visitor pays)."""

    restart_keeps_payments = True

    @pytest.fixture
    def make(self) -> Any:
        raise NotImplementedError

    def settle(self, provider: PaymentProvider, handle: PaymentHandle) -> None:
        raise NotImplementedError

    def test_start_is_idempotent_per_order(self, make: Any) -> None:
        p = make()
        req = make_request(amount=200000)
        first = p.start(req)
        assert first.state == PaymentState.WAITING_FOR_CUSTOMER
        assert first.reference and first.amount == 200000 and first.currency == "VND"
        assert p.start(req).reference == first.reference

    def test_pay_refund(self, make: Any) -> None:
        p = make()
        handle = p.start(make_request(amount=200000))
        self.settle(p, handle)
        assert p.poll(handle).state == PaymentState.SUCCEEDED
        result = p.refund(handle.reference, 200000)
        assert result.amount == 200000 and result.state in ("succeeded", "manual")

    def test_cancel_is_final(self, make: Any) -> None:
        p = make()
        handle = p.start(make_request())
        assert p.cancel(handle).state == PaymentState.CANCELLED
        assert p.poll(handle).state == PaymentState.CANCELLED
        with pytest.raises(CitadelError):
            p.refund(handle.reference, 1)

    def test_reconcile(self, make: Any) -> None:
        p = make()
        req = make_request()
        handle = p.start(req)
        self.settle(p, handle)
        later = make() if self.restart_keeps_payments else p
        found = later.reconcile(req.order_id, req.amount, req.currency)
        assert (
            found is not None
            and found.state == PaymentState.SUCCEEDED
            and found.reference == handle.reference
        )
        assert later.reconcile(make_request().order_id, 1, "VND") is None


class TestStripeContract(ProviderContract):
    @pytest.fixture
    def make(self, stripe_config: dict[str, object]) -> Any:
        return lambda: load_provider("stripe", stripe_config, demo_mode=False, counter_mode=False)

    def settle(self, provider: PaymentProvider, handle: PaymentHandle) -> None:
        import stripe

        config = provider.config
        stripe.StripeClient(
            str(config["api_key"]), base_addresses={"api": str(config["api_base"])}
        ).v1.test_helpers.terminal.readers.present_payment_method(str(config["reader_id"]))

    def test_emulator_is_used(self, emulator: StripeEmulator, make: Any) -> None:
        make().start(make_request())
        assert len(emulator.payment_intents) == 1


class TestVietQRContract(ProviderContract):
    @pytest.fixture
    def make(self, pay_engine: Engine) -> Any:
        config = {
            "bank_bin": "970436",
            "account_number": "1234567890",
            "engine": pay_engine,
            "webhook_api_key": "k",
        }
        return lambda: load_provider("vietqr", config, demo_mode=False, counter_mode=False)

    def settle(self, provider: PaymentProvider, handle: PaymentHandle) -> None:
        assert isinstance(provider, VietQRProvider)
        outcome = provider.ingest(
            external_id=handle.reference,
            direction="in",
            account_number="1234567890",
            amount=handle.amount,
            content=handle.details["note"],
            code="",
            transaction_date="2026-11-24 09:00:00",
        )
        assert outcome == "accepted"


class TestCashContract(ProviderContract):
    restart_keeps_payments = False  # cash leaves no remote record to find after a restart

    @pytest.fixture
    def make(self) -> Any:
        return lambda: load_provider("cash", {}, demo_mode=False, counter_mode=True)

    def settle(self, provider: PaymentProvider, handle: PaymentHandle) -> None:
        assert isinstance(provider, CashProvider)
        provider.tender(handle, handle.amount)


class TestDemoContract(ProviderContract):
    restart_keeps_payments = False  # the stand-in keeps its payments in memory

    @pytest.fixture
    def make(self) -> Any:
        return lambda: load_provider("demo", {}, demo_mode=True, counter_mode=False)

    def settle(self, provider: PaymentProvider, handle: PaymentHandle) -> None:
        assert isinstance(provider, DemoProvider)
        provider.approve(handle)


# -- cash ---------------------------------------------------------------------------------------------------
def test_cash_refuses_outside_counter_mode() -> None:
    with pytest.raises(CitadelError) as excinfo:
        load_provider("cash", {}, demo_mode=True, counter_mode=False)
    assert excinfo.value.code == "payment_cash_counter_only"
    assert excinfo.value.message("ja") == "現金は窓口でのみお受けします。"


def test_cash_change_and_shortfall() -> None:
    p = load_provider("cash", {}, demo_mode=False, counter_mode=True)
    assert isinstance(p, CashProvider)
    handle = p.start(make_request(amount=150000))
    with pytest.raises(CitadelError) as excinfo:
        p.tender(handle, 100000)
    assert excinfo.value.code == "payment_cash_insufficient" and excinfo.value.params["due"] == 150000
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
    assert p.tender(handle, 200000) == 50000
    assert handle.state == PaymentState.SUCCEEDED and handle.details["change"] == 50000
    with pytest.raises(CitadelError) as excinfo:
        p.tender(handle, 200000)
    assert excinfo.value.code == "payment_not_pending"
    assert p.refund(handle.reference, 100000).state == "manual"
    with pytest.raises(CitadelError):
        p.refund(handle.reference, 60000)  # only 50,000 left to give back


# -- demo ---------------------------------------------------------------------------------------------------
def test_demo_refuses_without_demo_mode() -> None:
    with pytest.raises(CitadelError) as excinfo:
        load_provider("demo", {}, demo_mode=False, counter_mode=True)
    assert excinfo.value.code == "payment_demo_disabled"
    assert DemoProvider.stand_in and "stand-in" in (DemoProvider.__doc__ or "").lower()


def test_demo_buttons_and_timeout(clock: ManualClock) -> None:
    p = load_provider("demo", {"timeout_s": 60}, demo_mode=True, counter_mode=False, clock=clock)
    assert isinstance(p, DemoProvider)
    approved, declined, walked_off, timed_out = (p.start(make_request()) for _ in range(4))
    assert len(p.pending()) == 4
    p.card_presented(approved)
    assert approved.state == PaymentState.PROCESSING
    p.approve(approved)
    p.decline(declined)
    p.customer_cancel(walked_off)
    p.decline(approved)  # a late click cannot undo a decision
    assert (approved.state, declined.state, walked_off.state) == (
        PaymentState.SUCCEEDED,
        PaymentState.DECLINED,
        PaymentState.CANCELLED,
    )
    assert declined.message("zh") == "付款被拒绝。请尝试其他银行卡或付款方式。"
    clock.advance(seconds=61)
    assert p.poll(timed_out).state == PaymentState.EXPIRED
    assert p.poll(approved).state == PaymentState.SUCCEEDED


def test_wait_reports_each_change_and_stops_at_a_verdict(clock: ManualClock) -> None:
    p = load_provider("demo", {"timeout_s": 30}, demo_mode=True, counter_mode=False, clock=clock)
    handle = p.start(make_request())
    seen: list[str] = []

    def tick(_: float) -> None:  # each "sleep" moves the manual clock instead of waiting
        clock.advance(seconds=10)

    p.wait(handle, on_update=lambda h: seen.append(h.state.value), poll_interval_s=10, sleep=tick)
    assert seen == ["waiting_for_customer", "expired"]


# -- factory, request validation, catalogue ----------------------------------------------------------------
def test_unknown_provider() -> None:
    with pytest.raises(CitadelError) as excinfo:
        load_provider("paypal", {}, demo_mode=True, counter_mode=True)
    assert excinfo.value.code == "payment_unknown_provider"
    assert "vietqr" in excinfo.value.message("en")


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("order_id", {"order_id": "not-a-uuid"}),
        ("amount", {"amount": 0}),
        ("amount", {"amount": 12.5}),
        ("currency", {"currency": "vnd"}),
    ],
)
def test_bad_requests_are_coded(field: str, kwargs: dict[str, Any]) -> None:
    base: dict[str, Any] = {
        "order_id": "0b7d3f2e-2a4c-4f7e-9a59-3c1d2e4f5a6b",
        "order_code": "HUE-7K3M9Q",
        "amount": 200000,
        "currency": "VND",
    }
    with pytest.raises(CitadelError) as excinfo:
        PaymentRequest(**(base | kwargs))
    assert excinfo.value.code == "payment_bad_request" and excinfo.value.params["field"] == field


def test_second_attempt_gets_its_own_key() -> None:
    first = make_request()
    second = PaymentRequest(first.order_id, first.order_code, first.amount, first.currency, attempt=2)
    assert first.idempotency_key == first.order_id
    assert second.idempotency_key != first.idempotency_key and first.order_id in second.idempotency_key


def test_catalogue_complete() -> None:
    path = Path(shared.payments.__file__).with_name("messages.toml")
    catalogue = tomllib.loads(path.read_text("utf-8"))
    for msgid in catalogue:
        assert has(msgid, "vi") and has(msgid, "en"), msgid
    visitor = [
        m
        for m in catalogue
        if m.startswith("payment.state.")
        or (m.startswith("payment.error.") and m != "payment.error.manual_refund")
    ]
    assert len(visitor) >= 15
    for msgid in visitor:
        for lang in LANGUAGES:
            assert has(msgid, lang), (msgid, lang)
    for state in PaymentState:
        assert f"payment.state.{state.value}" in catalogue
    codes = {
        "payment_bad_request",
        "payment_config",
        "payment_unknown_provider",
        "payment_demo_disabled",
        "payment_cash_counter_only",
        "payment_cash_insufficient",
        "payment_not_pending",
        "payment_network",
        "payment_provider_error",
        "payment_idempotency_conflict",
        "payment_webhook_bad_signature",
        "payment_webhook_malformed",
        "payment_not_refundable",
        "payment_currency_not_allowed",
        "payment_vietqr_note_invalid",
        "payment_vietqr_field",
        "payment_vietqr_invalid",
    }
    assert {f"error.{c}" for c in codes} <= set(catalogue)
    source = "".join(p.read_text("utf-8") for p in path.parent.glob("*.py"))
    import re

    used = set(re.findall(r'CitadelError\(\s*"(\w+)"', source))
    assert used - {"not_found"} <= codes, used - codes


def test_admin_refunds_a_demo_sale_from_another_process() -> None:
    kiosk = load_provider("demo", {}, demo_mode=True, counter_mode=False)
    assert isinstance(kiosk, DemoProvider)
    handle = kiosk.approve(kiosk.start(make_request(amount=200000)))
    admin = load_provider("demo", {}, demo_mode=True, counter_mode=False)  # no memory of the sale
    assert admin.refund(handle.reference, 200000).state == "succeeded"
    with pytest.raises(CitadelError):
        admin.refund("pi_not_a_demo_payment", 1)
