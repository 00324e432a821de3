"""Stripe Terminal (server-driven) through the real stripe SDK against the emulator on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import stripe

from shared.errors import CitadelError
from shared.payments import PaymentState, load_provider
from shared.payments.stripe_provider import StripeProvider
from shared.payments.webhook_server import WebhookServer
from tests.payments.conftest import ManualClock, make_request
from tests.payments.stripe_emulator import StripeEmulator

DECLINE = "4000000000000002"


def sdk(emulator: StripeEmulator) -> stripe.StripeClient:
    """What a person does at the reader, through Stripe's own test helper endpoint."""
    return stripe.StripeClient(emulator.api_key, base_addresses={"api": emulator.base_url})


def present(emulator: StripeEmulator, number: str = "4242424242424242") -> None:
    sdk(emulator).v1.test_helpers.terminal.readers.present_payment_method(
        emulator.reader_id, params={"type": "card_present", "card_present": {"number": number}}
    )


def provider(config: dict[str, object], clock: ManualClock | None = None) -> StripeProvider:
    p = load_provider(
        "stripe", config, demo_mode=False, counter_mode=False, **({"clock": clock} if clock else {})
    )
    assert isinstance(p, StripeProvider)
    return p


def wait_until(cond: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20  # only to avoid a hang; nothing asserts on durations
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_approve(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    req = make_request(amount=200000)
    handle = p.start(req)
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
    assert handle.reference.startswith("pi_")
    pi = emulator.payment_intents[handle.reference]
    assert pi["amount"] == 200000 and pi["currency"] == "vnd"  # zero-decimal: no x100
    assert pi["metadata"]["order_id"] == req.order_id
    assert pi["payment_method_types"] == ["card_present"]
    assert emulator.readers[emulator.reader_id]["action"]["status"] == "in_progress"
    assert p.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER
    present(emulator)
    updates: list[PaymentState] = []
    p.wait(handle, on_update=lambda h: updates.append(h.state), poll_interval_s=0)
    assert handle.state == PaymentState.SUCCEEDED
    assert updates == [PaymentState.SUCCEEDED]
    assert handle.message("vi") == "Đã nhận thanh toán. Xin cảm ơn!"


def test_idempotency_key_is_the_order_id(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    req = make_request()
    handle = p.start(req)
    # The same key and parameters replay: asking again gives the same PaymentIntent, not a second one.
    replay = sdk(emulator).v1.payment_intents.create(
        params={
            "amount": req.amount,
            "currency": "vnd",
            "payment_method_types": ["card_present"],
            "capture_method": "automatic",
            "description": req.description,
            "metadata": {
                "order_id": req.order_id,
                "order_code": req.order_code,
                "attempt": "1",
                "source": "citadel",
            },
        },
        options={"idempotency_key": req.order_id},
    )
    assert replay.id == handle.reference
    assert len(emulator.payment_intents) == 1


def test_same_key_different_amount_is_refused(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    p = provider(stripe_config)
    req = make_request(amount=200000)
    p.start(req)
    cancel_reader = sdk(emulator).v1.terminal.readers.cancel_action
    cancel_reader(emulator.reader_id)
    changed = make_request(amount=150000)
    object.__setattr__(changed, "order_id", req.order_id)  # a buggy caller reusing an order id
    with pytest.raises(CitadelError) as excinfo:
        p.start(changed)
    assert excinfo.value.code == "payment_idempotency_conflict"
    assert len(emulator.payment_intents) == 1


def test_decline(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    handle = p.start(make_request(language="ko"))
    present(emulator, DECLINE)
    p.wait(handle, poll_interval_s=0)
    assert handle.state == PaymentState.DECLINED
    assert handle.error_code == "card_declined"
    assert handle.message() == "결제가 거절되었습니다. 다른 카드나 결제 수단을 이용해 주세요."
    assert emulator.payment_intents[handle.reference]["status"] == "requires_payment_method"


def test_cancelled_by_customer_on_reader(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    handle = p.start(make_request())
    emulator.customer_cancel(emulator.reader_id)
    p.poll(handle)
    assert handle.state == PaymentState.CANCELLED
    assert handle.error_code == "customer_canceled"


def test_cancelled_on_kiosk_screen(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    handle = p.start(make_request())
    p.cancel(handle)
    assert handle.state == PaymentState.CANCELLED
    assert emulator.count_requests("POST", r"/v1/terminal/readers/\w+/cancel_action") == 1
    assert emulator.readers[emulator.reader_id]["action"]["status"] == "failed"
    assert emulator.payment_intents[handle.reference]["status"] == "canceled"
    # A card presented now cannot take money: the reader has no action any more.
    with pytest.raises(stripe.InvalidRequestError):
        present(emulator)


def test_timeout_cancels_the_reader_action(
    emulator: StripeEmulator, stripe_config: dict[str, object], clock: ManualClock
) -> None:
    p = provider(stripe_config, clock)
    handle = p.start(make_request())
    clock.advance(seconds=119)
    assert p.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER
    clock.advance(seconds=2)
    p.poll(handle)
    assert handle.state == PaymentState.EXPIRED
    assert handle.error_code == "timeout"
    assert emulator.count_requests("POST", r"/v1/terminal/readers/\w+/cancel_action") == 1
    assert emulator.payment_intents[handle.reference]["status"] == "canceled"


def test_success_just_before_timeout_wins(
    emulator: StripeEmulator, stripe_config: dict[str, object], clock: ManualClock
) -> None:
    p = provider(stripe_config, clock)
    handle = p.start(make_request())
    present(emulator)  # paid, but the kiosk has not polled yet
    clock.advance(seconds=500)
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED  # never report "expired" for money that was taken


def test_network_error_retry_gives_one_charge(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    # The create is processed by "Stripe" but the answer is lost twice; the SDK retries with the same key.
    emulator.drop_response("POST", r"/v1/payment_intents", times=2)
    p = provider(stripe_config)
    req = make_request()
    handle = p.start(req)
    assert emulator.count_requests("POST", r"/v1/payment_intents") == 3
    assert len(emulator.payment_intents) == 1
    assert handle.reference in emulator.payment_intents
    present(emulator)
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED
    charged = [pi for pi in emulator.payment_intents.values() if pi["status"] == "succeeded"]
    assert len(charged) == 1 and charged[0]["metadata"]["order_id"] == req.order_id


def test_network_down_fails_cleanly(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    config = {**stripe_config, "max_network_retries": 0}
    emulator.drop_response("POST", r"/v1/payment_intents", times=1)
    p = provider(config)
    req = make_request()
    handle = p.start(req)
    assert handle.state == PaymentState.FAILED and handle.error_code == "network"
    assert "try again" in handle.message("en")
    # The PaymentIntent did get created; reconcile finds it and it can be cancelled, no money taken.
    found = provider(config).reconcile(req.order_id, req.amount, req.currency)
    assert found is not None and found.state == PaymentState.WAITING_FOR_CUSTOMER
    provider(config).cancel(found)
    assert emulator.payment_intents[found.reference]["status"] == "canceled"


def test_crash_between_create_and_confirm_is_reconciled(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    before = provider(stripe_config)
    req = make_request()
    handle = before.start(req)
    del before  # the kiosk process dies here; the visitor still taps the card
    present(emulator)
    after = provider(stripe_config)  # restart: a new instance with no memory of the attempt
    found = after.reconcile(req.order_id, req.amount, req.currency)
    assert found is not None
    assert found.reference == handle.reference
    assert found.state == PaymentState.SUCCEEDED
    assert provider(stripe_config).reconcile(make_request().order_id, 1000, "VND") is None


def test_reconcile_amount_mismatch_is_flagged(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    p = provider(stripe_config)
    req = make_request(amount=200000)
    p.start(req)
    present(emulator)
    found = provider(stripe_config).reconcile(req.order_id, 150000, "VND")
    assert found is not None and found.state == PaymentState.FAILED and found.error_code == "amount_mismatch"


def test_refund_from_admin(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    handle = p.start(make_request(amount=200000))
    present(emulator)
    p.poll(handle)
    admin = provider(stripe_config)  # admin runs in another process with its own provider
    partial = admin.refund(handle.reference, 50000, idempotency_key="refund-task-1")
    assert partial.state == "succeeded" and partial.amount == 50000 and partial.currency == "VND"
    again = admin.refund(handle.reference, 50000, idempotency_key="refund-task-1")  # double click
    assert again.refund_id == partial.refund_id
    assert len(emulator.refunds) == 1
    admin.refund(handle.reference, 150000)
    with pytest.raises(CitadelError) as excinfo:
        admin.refund(handle.reference, 1)
    assert excinfo.value.code == "payment_not_refundable"
    assert sum(r["amount"] for r in emulator.refunds.values()) == 200000


def test_refund_of_unpaid_payment_is_refused(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    p = provider(stripe_config)
    handle = p.start(make_request())
    with pytest.raises(CitadelError) as excinfo:
        p.refund(handle.reference, 1000)
    assert excinfo.value.code == "payment_not_refundable"


def test_configurable_currency(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider({**stripe_config, "currencies": ["EUR"]})
    handle = p.start(make_request(amount=1250, currency="EUR"))
    assert emulator.payment_intents[handle.reference]["currency"] == "eur"
    with pytest.raises(CitadelError) as excinfo:
        p.start(make_request(currency="VND"))
    assert excinfo.value.code == "payment_currency_not_allowed"


def test_missing_configuration_is_a_coded_error() -> None:
    with pytest.raises(CitadelError) as excinfo:
        load_provider("stripe", {"api_key": "sk_test_x"}, demo_mode=False, counter_mode=False)
    assert excinfo.value.code == "payment_config" and excinfo.value.params["key"] == "reader_id"
    assert "reader_id" in excinfo.value.message("vi")


# -- webhooks -------------------------------------------------------------------------------------------
@pytest.fixture
def webhooked(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> Iterator[tuple[StripeProvider, WebhookServer]]:
    holder: dict[str, StripeProvider] = {}
    server = WebhookServer({"/webhooks/stripe": lambda b, h: holder["p"].handle_webhook(b, h)}).start()
    endpoint = sdk(emulator).v1.webhook_endpoints.create(
        params={"url": f"{server.url}/webhooks/stripe", "enabled_events": ["*"]}
    )
    holder["p"] = provider({**stripe_config, "webhook_secret": endpoint.secret})
    yield holder["p"], server
    server.stop()


def test_webhook_confirms_without_asking_stripe(
    emulator: StripeEmulator, webhooked: tuple[StripeProvider, WebhookServer]
) -> None:
    p, _ = webhooked
    handle = p.start(make_request())
    present(emulator)
    wait_until(lambda: ("terminal.reader.action_succeeded", 200) in emulator.deliveries, "webhook delivery")
    wait_until(lambda: ("payment_intent.succeeded", 200) in emulator.deliveries, "webhook delivery")
    gets_before = emulator.count_requests("GET", r"/v1/payment_intents/pi_\w+")
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED
    assert emulator.count_requests("GET", r"/v1/payment_intents/pi_\w+") == gets_before


def test_webhook_decline(emulator: StripeEmulator, webhooked: tuple[StripeProvider, WebhookServer]) -> None:
    p, _ = webhooked
    handle = p.start(make_request())
    present(emulator, DECLINE)
    wait_until(lambda: ("terminal.reader.action_failed", 200) in emulator.deliveries, "webhook delivery")
    gets_before = emulator.count_requests("GET", r"/v1/payment_intents/pi_\w+")
    p.poll(handle)
    assert handle.state == PaymentState.DECLINED
    assert emulator.count_requests("GET", r"/v1/payment_intents/pi_\w+") == gets_before


def test_webhook_with_bad_signature_is_rejected(
    emulator: StripeEmulator, webhooked: tuple[StripeProvider, WebhookServer]
) -> None:
    p, server = webhooked
    handle = p.start(make_request())
    pi = dict(emulator.payment_intents[handle.reference], status="succeeded", amount_received=handle.amount)
    forged = json.dumps(
        {
            "id": "evt_forged",
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {"object": {k: v for k, v in pi.items() if not k.startswith("_")}},
        }
    )
    bad = StripeEmulator.sign(forged, "whsec_not_the_secret")
    r = httpx.post(f"{server.url}/webhooks/stripe", content=forged, headers={"Stripe-Signature": bad})
    assert r.status_code == 401 and r.json()["error"] == "payment_webhook_bad_signature"
    r = httpx.post(f"{server.url}/webhooks/stripe", content=forged)  # no signature at all
    assert r.status_code == 401
    with pytest.raises(CitadelError) as excinfo:
        p.handle_webhook(forged.encode(), {"Stripe-Signature": bad})
    assert excinfo.value.code == "payment_webhook_bad_signature"
    assert "chữ ký" in excinfo.value.message("vi")
    # A correctly signed but replayed (old) event is refused too (stripe's 300 s tolerance).
    secret = p.webhook_secret
    assert secret is not None
    old = StripeEmulator.sign(forged, secret, timestamp=int(time.time()) - 3600)
    r = httpx.post(f"{server.url}/webhooks/stripe", content=forged, headers={"Stripe-Signature": old})
    assert r.status_code == 401
    p.poll(handle)
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER  # the forgery changed nothing


def test_deadline_while_stripe_unreachable_leaves_outcome_open(
    emulator: StripeEmulator, stripe_config: dict[str, object], clock: ManualClock
) -> None:
    p = provider({**stripe_config, "max_network_retries": 0, "unknown_after_s": 30}, clock)
    handle = p.start(make_request())
    clock.advance(seconds=121)
    # The reader cannot be told to stop: claiming "expired" could hide a charge, so the handle stays open.
    emulator.drop_response("POST", r"/v1/terminal/readers/\w+/cancel_action", times=100)
    updates: list[str] = []
    p.wait(
        handle,
        on_update=lambda h: updates.append(h.state.value),
        poll_interval_s=10,
        sleep=lambda s: clock.advance(seconds=s),
    )
    assert not handle.terminal and handle.details["last_poll_error"] == "payment_network"
    assert updates == ["waiting_for_customer"]
    emulator.clear_faults()
    p.poll(handle)  # the network is back
    assert handle.state == PaymentState.EXPIRED
    assert emulator.payment_intents[handle.reference]["status"] == "canceled"


def test_reconcile_uses_search_for_older_payments(
    emulator: StripeEmulator, stripe_config: dict[str, object], clock: ManualClock
) -> None:
    req = make_request()
    handle = provider(stripe_config).start(req)
    present(emulator)
    clock.advance(days=30)  # a month later: the recent list no longer covers it; search does
    found = provider(stripe_config, clock).reconcile(req.order_id, req.amount, req.currency)
    assert found is not None and found.reference == handle.reference and found.state == PaymentState.SUCCEEDED
    assert emulator.count_requests("GET", r"/v1/payment_intents/search") == 1


def test_reader_busy_fails_cleanly(emulator: StripeEmulator, stripe_config: dict[str, object]) -> None:
    p = provider(stripe_config)
    first = p.start(make_request())
    second = p.start(make_request())  # a second sale sent to the same reader
    assert second.state == PaymentState.FAILED and second.error_code == "terminal_reader_busy"
    assert "busy" in second.message("en")
    assert emulator.payment_intents[second.reference]["status"] == "canceled"
    present(emulator)
    assert p.poll(first).state == PaymentState.SUCCEEDED


def test_lost_answer_from_reader_is_not_reported_as_failure(
    emulator: StripeEmulator, stripe_config: dict[str, object]
) -> None:
    # The reader got the payment (the action started) but every answer was lost, retries included.
    emulator.drop_response("POST", r"/v1/terminal/readers/\w+/process_payment_intent", times=3)
    p = provider(stripe_config)
    handle = p.start(make_request())
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
    assert emulator.count_requests("POST", r"/v1/terminal/readers/\w+/process_payment_intent") == 3
    present(emulator)  # the visitor taps anyway: the money must be seen
    assert p.poll(handle).state == PaymentState.SUCCEEDED
