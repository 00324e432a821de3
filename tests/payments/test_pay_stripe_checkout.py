"""Stripe Checkout shown as a QR on the kiosk (visitor pays on their phone), real SDK against the emulator."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import qrcode
import stripe
import zxingcpp

from shared.errors import CitadelError
from shared.payments import PaymentState, load_provider
from shared.payments.stripe_provider import StripeProvider
from shared.payments.webhook_server import WebhookServer
from tests.payments.conftest import ManualClock, make_request
from tests.payments.stripe_emulator import StripeEmulator


@pytest.fixture
def checkout_config(stripe_config: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in stripe_config.items() if k not in ("reader_id", "timeout_s")} | {
        "mode": "checkout",
        "success_url": "https://tickets.example/paid",
    }


def provider(config: dict[str, object], clock: ManualClock | None = None) -> StripeProvider:
    p = load_provider(
        "stripe", config, demo_mode=False, counter_mode=False, **({"clock": clock} if clock else {})
    )
    assert isinstance(p, StripeProvider)
    return p


def phone_pays(emulator: StripeEmulator, url: str, card: str = "4242424242424242") -> httpx.Response:
    """The visitor's phone: opens the URL read from the QR, then pays on the hosted page."""
    page = httpx.get(url)
    assert page.status_code == 200
    session_id = url.rsplit("/", 1)[1]
    return httpx.post(f"{emulator.base_url}/_emulator/checkout/{session_id}/pay", data={"card_number": card})


def wait_until(cond: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20  # only against hangs
    while not cond():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_qr_then_phone_pays(emulator: StripeEmulator, checkout_config: dict[str, object]) -> None:
    p = provider(checkout_config)
    req = make_request(amount=200000, language="fr")
    handle = p.start(req)
    assert handle.reference.startswith("cs_test_")
    assert handle.qr_payload is not None
    session = emulator.sessions[handle.reference]
    assert session["amount_total"] == 200000 and session["currency"] == "vnd"
    assert session["metadata"]["order_id"] == req.order_id and session["client_reference_id"] == req.order_id
    assert session["_pi_metadata"]["order_id"] == req.order_id
    assert session["locale"] == "fr"
    # The QR the kiosk would show decodes back to the Checkout URL.
    decoded = zxingcpp.read_barcodes(qrcode.make(handle.qr_payload).get_image().convert("L"))
    assert [d.text for d in decoded] == [handle.qr_payload]
    assert p.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER
    assert phone_pays(emulator, decoded[0].text).status_code == 200
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED
    assert handle.details["payment_intent"].startswith("pi_")


def test_declined_on_phone_can_retry(emulator: StripeEmulator, checkout_config: dict[str, object]) -> None:
    p = provider(checkout_config)
    handle = p.start(make_request())
    assert handle.qr_payload is not None
    phone_pays(emulator, handle.qr_payload, card="4000000000000002")
    p.poll(handle)
    # Checkout lets the visitor try another card, so the attempt stays open with the reason shown.
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
    assert handle.error_code == "generic_decline"
    assert "declined" in handle.message("en")
    phone_pays(emulator, handle.qr_payload)
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED and handle.error_code is None


def test_timeout_expires_the_session(
    emulator: StripeEmulator, checkout_config: dict[str, object], clock: ManualClock
) -> None:
    p = provider(checkout_config, clock)
    handle = p.start(make_request())
    clock.advance(minutes=14)
    assert p.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER
    clock.advance(minutes=2)
    p.poll(handle)
    assert handle.state == PaymentState.EXPIRED and handle.error_code == "timeout"
    assert emulator.sessions[handle.reference]["status"] == "expired"
    assert handle.qr_payload is not None
    assert phone_pays(emulator, handle.qr_payload).status_code == 400  # the phone can no longer pay


def test_cancel(emulator: StripeEmulator, checkout_config: dict[str, object]) -> None:
    p = provider(checkout_config)
    handle = p.start(make_request())
    p.cancel(handle)
    assert handle.state == PaymentState.CANCELLED
    assert emulator.sessions[handle.reference]["status"] == "expired"


def test_cancel_after_phone_paid_keeps_the_payment(
    emulator: StripeEmulator, checkout_config: dict[str, object]
) -> None:
    p = provider(checkout_config)
    handle = p.start(make_request())
    assert handle.qr_payload is not None
    phone_pays(emulator, handle.qr_payload)
    p.cancel(handle)  # the visitor walked away just as the phone finished
    assert handle.state == PaymentState.SUCCEEDED


def test_refund_by_session_reference(emulator: StripeEmulator, checkout_config: dict[str, object]) -> None:
    p = provider(checkout_config)
    handle = p.start(make_request(amount=90000))
    assert handle.qr_payload is not None
    phone_pays(emulator, handle.qr_payload)
    p.poll(handle)
    result = provider(checkout_config).refund(handle.reference, 90000, idempotency_key="rt-9")
    assert result.state == "succeeded" and result.amount == 90000
    assert emulator.refunds[result.refund_id]["payment_intent"] == handle.details["payment_intent"]


def test_reconcile_open_and_paid_sessions(
    emulator: StripeEmulator, checkout_config: dict[str, object]
) -> None:
    req = make_request()
    handle = provider(checkout_config).start(req)
    restarted = provider(checkout_config)
    found = restarted.reconcile(req.order_id, req.amount, req.currency)
    assert found is not None and found.state == PaymentState.WAITING_FOR_CUSTOMER
    assert found.reference == handle.reference and found.qr_payload == handle.qr_payload
    assert handle.qr_payload is not None
    phone_pays(emulator, handle.qr_payload)
    found = provider(checkout_config).reconcile(req.order_id, req.amount, req.currency)
    assert found is not None and found.state == PaymentState.SUCCEEDED
    assert found.reference == handle.reference


def test_network_retry_one_session(emulator: StripeEmulator, checkout_config: dict[str, object]) -> None:
    emulator.drop_response("POST", r"/v1/checkout/sessions")
    handle = provider(checkout_config).start(make_request())
    assert len(emulator.sessions) == 1 and handle.reference in emulator.sessions


@pytest.fixture
def webhooked(
    emulator: StripeEmulator, checkout_config: dict[str, object]
) -> Iterator[tuple[StripeProvider, WebhookServer]]:
    holder: dict[str, StripeProvider] = {}
    server = WebhookServer({"/stripe": lambda b, h: holder["p"].handle_webhook(b, h)}).start()
    endpoint = stripe.StripeClient(
        emulator.api_key, base_addresses={"api": emulator.base_url}
    ).v1.webhook_endpoints.create(
        params={"url": f"{server.url}/stripe", "enabled_events": ["checkout.session.completed"]}
    )
    holder["p"] = provider({**checkout_config, "webhook_secret": endpoint.secret})
    yield holder["p"], server
    server.stop()


def test_completion_by_webhook(
    emulator: StripeEmulator, webhooked: tuple[StripeProvider, WebhookServer]
) -> None:
    p, _ = webhooked
    handle = p.start(make_request())
    assert handle.qr_payload is not None
    phone_pays(emulator, handle.qr_payload)
    wait_until(lambda: ("checkout.session.completed", 200) in emulator.deliveries, "webhook")
    before = emulator.count_requests("GET", r"/v1/checkout/sessions/cs_\w+")
    p.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED
    assert emulator.count_requests("GET", r"/v1/checkout/sessions/cs_\w+") == before


def test_forged_completion_is_rejected(
    emulator: StripeEmulator, webhooked: tuple[StripeProvider, WebhookServer]
) -> None:
    p, server = webhooked
    handle = p.start(make_request())
    session = {k: v for k, v in emulator.sessions[handle.reference].items() if not k.startswith("_")}
    session.update(status="complete", payment_status="paid")
    import json

    forged = json.dumps(
        {"id": "evt_x", "object": "event", "type": "checkout.session.completed", "data": {"object": session}}
    )
    r = httpx.post(
        f"{server.url}/stripe",
        content=forged,
        headers={"Stripe-Signature": StripeEmulator.sign(forged, "whsec_guess")},
    )
    assert r.status_code == 401
    with pytest.raises(CitadelError) as excinfo:
        p.handle_webhook(b"{not json", {"Stripe-Signature": StripeEmulator.sign("{not json", "whsec_x")})
    assert excinfo.value.code == "payment_webhook_bad_signature"
    p.poll(handle)
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
