"""VietQR: the EMVCo payload byte for byte, and bank-transfer confirmation over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import qrcode
import zxingcpp
from sqlalchemy import Engine
from sqlmodel import Session, select

from shared.errors import CitadelError
from shared.payments import PaymentState, load_provider
from shared.payments.records import PaymentBankTransfer
from shared.payments.vietqr import (
    VietQRProvider,
    build_payload,
    crc16_ccitt_false,
    note_for,
    parse_payload,
    strip_diacritics,
)
from shared.payments.webhook_server import WebhookServer
from tests.payments.conftest import ManualClock, make_request

PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
    "62170813ung ho lu lut6304C15C"
)
API_KEY = "sepay-test-key"
HMAC_SECRET = "sepay-hmac-secret"


# -- payload ------------------------------------------------------------------------------------------------
def test_published_example_byte_for_byte() -> None:
    assert build_payload("970415", "0011001932418", 120000, "ung ho lu lut") == PUBLISHED


def test_note_with_diacritics_is_stripped() -> None:
    payload = build_payload("970415", "0011001932418", 120000, "Ủng hộ lũ lụt")
    assert payload == build_payload("970415", "0011001932418", 120000, "Ung ho lu lut")
    assert parse_payload(payload)["62"] == "0813Ung ho lu lut"
    assert strip_diacritics("Ủng hộ lũ lụt Đà Nẵng") == "Ung ho lu lut Da Nang"


def test_crc_is_ccitt_false() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1  # the catalogue check value of CRC-16/CCITT-FALSE


def test_payload_fields() -> None:
    tags = parse_payload(build_payload("970436", "1234567890", 200000, note_for("HUE-7K3M9Q")))
    assert tags["01"] == "12" and tags["53"] == "704" and tags["54"] == "200000" and tags["58"] == "VN"
    assert tags["38"].startswith("0010A000000727") and tags["38"].endswith("0208QRIBFTTA")
    assert tags["62"] == "0809HUE7K3M9Q"


def test_note_rules() -> None:
    assert note_for("HUE-7K3M9Q") == "HUE7K3M9Q"
    assert len(note_for("HUE-" + "X" * 40, attempt=3)) == 19 and note_for("HUE-1", attempt=3).endswith("L3")
    with pytest.raises(CitadelError) as excinfo:
        build_payload("970415", "0011001932418", 1000, "x" * 20)
    assert excinfo.value.code == "payment_vietqr_note_invalid"
    with pytest.raises(CitadelError):
        build_payload("970415", "0011001932418", 1000, "semi;colon")


def test_forged_payload_is_refused() -> None:
    with pytest.raises(CitadelError) as excinfo:
        parse_payload(PUBLISHED[:-4] + "0000")
    assert excinfo.value.code == "payment_vietqr_invalid"
    assert "VietQR" in excinfo.value.message("vi")


def test_qr_decodes_to_the_payload() -> None:
    image = qrcode.make(PUBLISHED).get_image().convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [PUBLISHED]


# -- provider ------------------------------------------------------------------------------------------------
@pytest.fixture
def config(pay_engine: Engine) -> dict[str, Any]:
    return {
        "bank_bin": "970436",
        "account_number": "1234567890",
        "engine": pay_engine,
        "webhook_api_key": API_KEY,
        "webhook_hmac_secret": HMAC_SECRET,
        "timeout_s": 900,
    }


@pytest.fixture
def vietqr(config: dict[str, Any], clock: ManualClock) -> VietQRProvider:
    p = load_provider("vietqr", config, demo_mode=False, counter_mode=False, clock=clock)
    assert isinstance(p, VietQRProvider)
    return p


@pytest.fixture
def endpoint(vietqr: VietQRProvider) -> Iterator[str]:
    server = WebhookServer({"/webhooks/sepay": vietqr.handle_webhook}).start()
    yield f"{server.url}/webhooks/sepay"
    server.stop()


_ids = iter(range(92_700_000, 93_000_000))


def sepay(
    amount: int, content: str, *, account: str = "1234567890", txn: int | None = None
) -> dict[str, Any]:
    """A notification in SePay's documented webhook shape."""
    return {
        "id": txn if txn is not None else next(_ids),
        "gateway": "Vietcombank",
        "transactionDate": "2026-11-24 09:03:11",
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": "in",
        "transferAmount": amount,
        "accumulated": 19077000,
        "subAccount": None,
        "referenceCode": "MBVCB.3278907687",
        "description": f"BankAPINotify {content}",
    }


def post(url: str, body: dict[str, Any], *, key: str = API_KEY) -> httpx.Response:
    return httpx.post(
        url,
        content=json.dumps(body),
        headers={"Authorization": f"Apikey {key}", "Content-Type": "application/json"},
    )


def transfers(engine: Engine) -> list[PaymentBankTransfer]:
    with Session(engine) as s:
        return list(s.exec(select(PaymentBankTransfer)).all())


def test_paid_by_webhook(vietqr: VietQRProvider, endpoint: str, pay_engine: Engine) -> None:
    req = make_request(amount=200000, language="vi")
    handle = vietqr.start(req)
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER
    assert handle.qr_payload is not None
    assert parse_payload(handle.qr_payload)["54"] == "200000"
    assert vietqr.start(req).qr_payload == handle.qr_payload  # idempotent per order id
    # The bank adds its own words around the note, upper-cases it and drops the hyphen.
    r = post(endpoint, sepay(200000, "MBVCB.3278907687.HUE7K3M9Q.CT tu 0011000 NGUYEN VAN A"))
    assert r.status_code == 200 and r.json() == {"success": True, "classification": "accepted"}
    vietqr.poll(handle)
    assert handle.state == PaymentState.SUCCEEDED
    assert handle.message() == "Đã nhận thanh toán. Xin cảm ơn!"
    assert [t.classification for t in transfers(pay_engine)] == ["accepted"]
    assert vietqr.transfers_needing_attention() == []


def test_hmac_authentication(vietqr: VietQRProvider, endpoint: str) -> None:
    handle = vietqr.start(make_request(amount=50000, code="HUE-AAAAAA"))
    body = json.dumps(sepay(50000, "HUEAAAAAA")).encode()
    sig = hmac.new(HMAC_SECRET.encode(), body, hashlib.sha256).hexdigest()
    r = httpx.post(endpoint, content=body, headers={"X-Signature": f"sha256={sig}"})
    assert r.status_code == 200
    assert vietqr.poll(handle).state == PaymentState.SUCCEEDED


def test_bad_key_or_signature_rejected(vietqr: VietQRProvider, endpoint: str, pay_engine: Engine) -> None:
    handle = vietqr.start(make_request(amount=50000, code="HUE-BBBBBB"))
    r = post(endpoint, sepay(50000, "HUEBBBBBB"), key="guessed")
    assert r.status_code == 401 and r.json()["error"] == "payment_webhook_bad_signature"
    body = json.dumps(sepay(50000, "HUEBBBBBB")).encode()
    r = httpx.post(endpoint, content=body, headers={"X-Signature": "sha256=" + "0" * 64})
    assert r.status_code == 401
    r = httpx.post(endpoint, content=b"not json", headers={"Authorization": f"Apikey {API_KEY}"})
    assert r.status_code == 400 and r.json()["error"] == "payment_webhook_malformed"
    assert transfers(pay_engine) == []
    assert vietqr.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER


def test_underpaid(vietqr: VietQRProvider, endpoint: str) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-UNDER1", language="en"))
    assert post(endpoint, sepay(150000, "HUEUNDER1")).json()["classification"] == "underpaid"
    vietqr.poll(handle)
    assert handle.state == PaymentState.WAITING_FOR_CUSTOMER and handle.error_code == "underpaid"
    assert "less than the amount due" in handle.message()
    flagged = vietqr.transfers_needing_attention()
    assert [(t.classification, t.amount, t.order_id) for t in flagged] == [
        ("underpaid", 150000, handle.order_id)
    ]


def test_overpaid_is_not_accepted(vietqr: VietQRProvider, endpoint: str) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-OVER01"))
    assert post(endpoint, sepay(250000, "HUEOVER01")).json()["classification"] == "overpaid"
    assert vietqr.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER


def test_duplicate_transfer(vietqr: VietQRProvider, endpoint: str, pay_engine: Engine) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-DUP001"))
    first = sepay(200000, "HUEDUP001")
    assert post(endpoint, first).json()["classification"] == "accepted"
    # The aggregator retries the same notification: recorded once.
    assert post(endpoint, first).json()["classification"] == "redelivered"
    # The visitor pays a second time (a second, distinct transfer): recorded and flagged for a refund.
    assert post(endpoint, sepay(200000, "HUEDUP001")).json()["classification"] == "duplicate"
    assert vietqr.poll(handle).state == PaymentState.SUCCEEDED
    assert sorted(t.classification for t in transfers(pay_engine)) == ["accepted", "duplicate"]
    [flagged] = vietqr.transfers_needing_attention()
    assert flagged.classification == "duplicate"
    resolved = vietqr.resolve_transfer(flagged.id or 0, staff="cashier-lan", note="refunded by bank transfer")
    assert not resolved.needs_attention and resolved.resolved_by == "cashier-lan"
    assert vietqr.transfers_needing_attention() == []


def test_late_after_timeout(vietqr: VietQRProvider, endpoint: str, clock: ManualClock) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-LATE01"))
    clock.advance(minutes=16)
    vietqr.poll(handle)
    assert handle.state == PaymentState.EXPIRED and handle.error_code == "timeout"
    assert post(endpoint, sepay(200000, "HUELATE01")).json()["classification"] == "late"
    assert vietqr.poll(handle).state == PaymentState.EXPIRED  # never silently accepted
    assert [t.classification for t in vietqr.transfers_needing_attention()] == ["late"]


def test_late_before_anyone_polled(vietqr: VietQRProvider, endpoint: str, clock: ManualClock) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-LATE02"))
    clock.advance(minutes=20)  # the kiosk crashed; nobody marked it expired
    assert post(endpoint, sepay(200000, "HUELATE02")).json()["classification"] == "late"
    assert vietqr.poll(handle).state == PaymentState.EXPIRED


def test_late_after_cancel(vietqr: VietQRProvider, endpoint: str) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-CANC01"))
    assert vietqr.cancel(handle).state == PaymentState.CANCELLED
    assert post(endpoint, sepay(200000, "HUECANC01")).json()["classification"] == "late"
    assert vietqr.poll(handle).state == PaymentState.CANCELLED


def test_unmatched_and_other_account(vietqr: VietQRProvider, endpoint: str, pay_engine: Engine) -> None:
    assert post(endpoint, sepay(10000, "tien nha thang 11")).json()["classification"] == "unmatched"
    assert post(endpoint, sepay(10000, "HUEXXXXXX", account="999")).json()["classification"] == "ignored"
    assert [t.classification for t in transfers(pay_engine)] == ["unmatched"]


def test_crash_reconciled_by_new_instance(
    config: dict[str, Any], vietqr: VietQRProvider, endpoint: str, clock: ManualClock
) -> None:
    req = make_request(amount=200000, code="HUE-CRASH1")
    vietqr.start(req)
    post(endpoint, sepay(200000, "HUECRASH1"))
    restarted = load_provider("vietqr", config, demo_mode=False, counter_mode=False, clock=clock)
    found = restarted.reconcile(req.order_id, req.amount, req.currency)
    assert found is not None and found.state == PaymentState.SUCCEEDED
    assert restarted.reconcile(make_request().order_id, 1, "VND") is None
    mismatch = restarted.reconcile(req.order_id, 1000, "VND")
    assert mismatch is not None and mismatch.error_code == "amount_mismatch"


def test_refund_is_manual(vietqr: VietQRProvider, endpoint: str) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-REF001"))
    with pytest.raises(CitadelError) as excinfo:
        vietqr.refund(handle.reference, 200000)
    assert excinfo.value.code == "payment_not_refundable"
    post(endpoint, sepay(200000, "HUEREF001"))
    result = vietqr.refund(handle.reference, 200000)
    assert result.state == "manual" and result.error_code == "manual_refund" and result.currency == "VND"


def test_only_vnd(vietqr: VietQRProvider) -> None:
    with pytest.raises(CitadelError) as excinfo:
        vietqr.start(make_request(amount=1000, currency="USD"))
    assert excinfo.value.code == "payment_currency_not_allowed"
    assert "USD" in excinfo.value.message("zh")


def test_needs_a_confirmation_channel(pay_engine: Engine) -> None:
    with pytest.raises(CitadelError) as excinfo:
        load_provider(
            "vietqr",
            {"bank_bin": "970436", "account_number": "1", "engine": pay_engine},
            demo_mode=False,
            counter_mode=False,
        )
    assert excinfo.value.code == "payment_config"
    with pytest.raises(CitadelError) as excinfo:
        load_provider(
            "vietqr",
            {"bank_bin": "97043", "account_number": "1", "webhook_api_key": "k", "engine": pay_engine},
            demo_mode=False,
            counter_mode=False,
        )
    assert excinfo.value.params["key"] == "bank_bin"


# -- polling the aggregator ----------------------------------------------------------------------------------
class FakeSepayApi:
    """A local stand-in for SePay's transaction-list API (``/userapi/transactions/list``), for tests."""

    def __init__(self) -> None:
        self.transactions: list[dict[str, Any]] = []
        self.auth: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api.auth.append(self.headers.get("Authorization", ""))
                data = json.dumps(
                    {
                        "status": 200,
                        "error": None,
                        "messages": {"success": True},
                        "transactions": api.transactions,
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/userapi/transactions/list"


def test_confirmation_by_polling(pay_engine: Engine, clock: ManualClock) -> None:
    api = FakeSepayApi()
    try:
        p = load_provider(
            "vietqr",
            {
                "bank_bin": "970436",
                "account_number": "1234567890",
                "engine": pay_engine,
                "poll_url": api.url,
                "poll_api_key": "tok",
            },
            demo_mode=False,
            counter_mode=False,
            clock=clock,
        )
        handle = p.start(make_request(amount=80000, code="HUE-POLL01"))
        assert p.poll(handle).state == PaymentState.WAITING_FOR_CUSTOMER
        api.transactions = [
            {
                "id": "501",
                "bank_brand_name": "Vietcombank",
                "account_number": "1234567890",
                "transaction_date": "2026-11-24 09:05:00",
                "amount_out": "0.00",
                "amount_in": "80000.00",
                "accumulated": "0",
                "transaction_content": "HUEPOLL01 chuyen tien",
                "reference_number": "FT1",
                "code": None,
                "sub_account": None,
                "bank_account_id": "1",
            },
            {"id": "502", "amount_in": "oops"},  # a malformed row is skipped, not fatal
        ]
        assert p.poll(handle).state == PaymentState.SUCCEEDED
        assert api.auth[-1] == "Bearer tok"
    finally:
        api.httpd.shutdown()
        api.httpd.server_close()


def test_concurrent_redeliveries_record_once(
    vietqr: VietQRProvider, endpoint: str, pay_engine: Engine
) -> None:
    handle = vietqr.start(make_request(amount=200000, code="HUE-CONC01"))
    body = sepay(200000, "HUECONC01")
    with httpx.Client() as client:
        results: list[str] = []

        def send() -> None:
            r = client.post(
                endpoint, content=json.dumps(body), headers={"Authorization": f"Apikey {API_KEY}"}
            )
            results.append(r.json()["classification"])

        threads = [threading.Thread(target=send) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert sorted(results) == ["accepted"] + ["redelivered"] * 7
    assert [t.classification for t in transfers(pay_engine)] == ["accepted"]
    assert vietqr.poll(handle).state == PaymentState.SUCCEEDED
