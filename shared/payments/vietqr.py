"""Core layer (Qt-free): the ``vietqr`` provider: dynamic NAPAS 247 QR codes confirmed by a bank aggregator.

The payload follows the EMVCo merchant-presented QR layout as NAPAS profiles it for VietQR:

- ``00`` format ``01``; ``01`` ``12`` (dynamic: one QR per payment);
- ``38`` merchant account: ``00`` NAPAS GUID ``A000000727``, ``01`` beneficiary (``00`` bank BIN,
  ``01`` account number), ``02`` service code ``QRIBFTTA`` (transfer to account);
- ``53`` currency ``704`` (VND), ``54`` amount, ``58`` country ``VN``;
- ``62`` additional data, ``08`` purpose = the note (the order code, <= 19 chars, no diacritics);
- ``63`` CRC-16/CCITT-FALSE over everything before it, including ``6304``.

Confirmation arrives as a SePay-style JSON webhook (authenticated by API key or HMAC) or by polling the
aggregator's transaction list. A transfer is accepted only when its note and amount match exactly; late,
duplicate, underpaid, overpaid and unmatched transfers are recorded in ``payment_bank_transfer`` and
flagged for staff, never silently accepted.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, literal
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from shared.errors import CitadelError
from shared.payments.base import (
    Clock,
    PaymentHandle,
    PaymentProvider,
    PaymentRequest,
    PaymentState,
    RefundResult,
    require_positive_amount,
    utcnow,
)
from shared.payments.records import PaymentBankTransfer, PaymentVietqrRequest

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
NOTE_MAX = 19


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection): binascii's crc_hqx with 0xFFFF."""
    return binascii.crc_hqx(data, 0xFFFF)


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise CitadelError("payment_vietqr_field", f"tag {tag} too long", tag=tag)
    return f"{tag}{len(value):02d}{value}"


def strip_diacritics(text: str) -> str:
    """Vietnamese to plain ASCII letters: 'Ủng hộ lũ lụt' -> 'Ung ho lu lut' (đ/Đ are letters, not marks)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def note_for(order_code: str, attempt: int = 1) -> str:
    """The transfer note for an order: its code without separators (banks drop them), upper case."""
    base = re.sub(r"[^A-Z0-9]", "", strip_diacritics(order_code).upper())
    suffix = "" if attempt == 1 else f"L{attempt}"
    return (base[: NOTE_MAX - len(suffix)] + suffix) or "CITADEL"


def build_payload(
    bank_bin: str,
    account: str,
    amount: int | None = None,
    note: str | None = None,
    *,
    service: str = SERVICE_TO_ACCOUNT,
    dynamic: bool = True,
) -> str:
    """Build a VietQR (NAPAS 247) EMVCo payload string. ``amount`` in VND (no minor unit)."""
    if not re.fullmatch(r"\d{6}", bank_bin):
        raise CitadelError("payment_config", f"bank BIN {bank_bin!r} must be 6 digits", key="bank_bin")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account):
        raise CitadelError("payment_config", f"account {account!r}", key="account_number")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", service)
    parts = [_tlv("00", "01"), _tlv("01", "12" if dynamic else "11"), _tlv("38", merchant), _tlv("53", "704")]
    if amount is not None:
        require_positive_amount(amount)
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", "VN"))
    if note:
        plain = strip_diacritics(note)
        if len(plain) > NOTE_MAX or not re.fullmatch(r"[0-9A-Za-z ]+", plain):
            raise CitadelError("payment_vietqr_note_invalid", f"note {note!r}", note=note, max=NOTE_MAX)
        parts.append(_tlv("62", _tlv("08", plain)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_payload(untrusted_payload: str) -> dict[str, str]:
    """Split a payload into top-level tags after checking its CRC (tests, the kiosk's self-check)."""
    if len(untrusted_payload) < 8 or untrusted_payload[-8:-4] != "6304":
        raise CitadelError("payment_vietqr_invalid", "no CRC field")
    expected = f"{crc16_ccitt_false(untrusted_payload[:-4].encode('ascii')):04X}"
    if untrusted_payload[-4:].upper() != expected:
        raise CitadelError("payment_vietqr_invalid", "CRC mismatch")
    out: dict[str, str] = {}
    i = 0
    while i < len(untrusted_payload):
        tag, length = untrusted_payload[i : i + 2], int(untrusted_payload[i + 2 : i + 4])
        out[tag] = untrusted_payload[i + 4 : i + 4 + length]
        i += 4 + length
    return out


def _normalise_content(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", strip_diacritics(text).upper())


class VietQRProvider(PaymentProvider):
    """Bank transfer by VietQR. Needs ``bank_bin``, ``account_number``, a database, and a confirmation
    channel: ``webhook_api_key`` and/or ``webhook_hmac_secret`` (webhook) or ``poll_url`` (polling)."""

    name = "vietqr"
    default_timeout_s = 900.0
    source = "sepay"

    def __init__(self, config: Mapping[str, Any], *, clock: Clock = utcnow) -> None:
        super().__init__(config, clock=clock)
        for key in ("bank_bin", "account_number"):
            if not self.config.get(key):
                raise CitadelError("payment_config", f"vietqr {key} missing", key=key)
        self.bank_bin = str(self.config["bank_bin"])
        self.account = str(self.config["account_number"])
        build_payload(self.bank_bin, self.account)  # validate the configuration early
        self.api_key: str | None = self.config.get("webhook_api_key") or None
        self.hmac_secret: str | None = self.config.get("webhook_hmac_secret") or None
        self.signature_header = str(self.config.get("webhook_signature_header", "X-Signature")).lower()
        self.poll_url: str | None = self.config.get("poll_url") or None
        if not (self.api_key or self.hmac_secret or self.poll_url):
            raise CitadelError(
                "payment_config",
                "vietqr needs webhook_api_key, webhook_hmac_secret or poll_url",
                key="webhook_api_key",
            )
        engine = self.config.get("engine")
        if engine is None:
            url = self.config.get("database_url")
            if not url:
                raise CitadelError("payment_config", "vietqr needs a database", key="database_url")
            engine = create_engine(str(url))
        self.engine: Engine = engine
        # Transfers naming a request older than this are "unmatched" (still recorded and shown to staff).
        self.match_window = timedelta(days=float(self.config.get("match_window_days", 30)))

    # -- interface -------------------------------------------------------------------------------------
    def start(self, request: PaymentRequest) -> PaymentHandle:
        if request.currency != "VND":
            raise CitadelError("payment_currency_not_allowed", request.currency, currency=request.currency)
        note = note_for(request.order_code, request.attempt)
        payload = build_payload(self.bank_bin, self.account, request.amount, note)
        now = self.clock()
        with Session(self.engine) as session:
            row = session.exec(
                select(PaymentVietqrRequest).where(
                    PaymentVietqrRequest.idempotency_key == request.idempotency_key
                )
            ).first()
            if row is None:
                row = PaymentVietqrRequest(
                    idempotency_key=request.idempotency_key,
                    order_id=request.order_id,
                    order_code=request.order_code,
                    note=note,
                    amount=request.amount,
                    currency=request.currency,
                    state=PaymentState.WAITING_FOR_CUSTOMER.value,
                    payload=payload,
                    created_at=now,
                    expires_at=now + self.timeout,
                )
                session.add(row)
                try:
                    session.commit()
                except IntegrityError:  # another kiosk thread won the race: same key, same request
                    session.rollback()
                    row = session.exec(
                        select(PaymentVietqrRequest).where(
                            PaymentVietqrRequest.idempotency_key == request.idempotency_key
                        )
                    ).one()
                session.refresh(row)
            elif row.amount != request.amount or row.currency != request.currency:
                raise CitadelError(
                    "payment_idempotency_conflict",
                    f"{request.idempotency_key} was first used for another amount",
                )
            return self._handle_from(row, request.language)

    def _handle_from(self, row: PaymentVietqrRequest, language: str = "en") -> PaymentHandle:
        handle = PaymentHandle(
            provider=self.name,
            order_id=row.order_id,
            amount=row.amount,
            currency=row.currency,
            state=PaymentState(row.state),
            reference=row.idempotency_key,
            qr_payload=row.payload,
            error_code=row.problem,
            language=language,
            expires_at=row.expires_at,
        )
        handle.details.update(note=row.note, bank_bin=self.bank_bin, account_number=self.account)
        return handle

    def _refresh(self, handle: PaymentHandle, row: PaymentVietqrRequest) -> PaymentHandle:
        handle.state = PaymentState(row.state)
        handle.error_code = row.problem
        return handle

    def poll(self, handle: PaymentHandle) -> PaymentHandle:
        if handle.terminal:
            return handle
        if self.poll_url:
            try:
                self.fetch_transactions()
            except CitadelError as exc:
                if exc.code != "payment_network":
                    raise
                handle.details["last_poll_error"] = exc.code
        with self._lock, Session(self.engine) as session:
            row = self._row(session, handle.reference)
            if row.state == PaymentState.WAITING_FOR_CUSTOMER.value and self.clock() >= row.expires_at:
                row.state, row.problem = PaymentState.EXPIRED.value, row.problem or "timeout"
                session.add(row)
                session.commit()
            return self._refresh(handle, row)

    def _row(self, session: Session, reference: str) -> PaymentVietqrRequest:
        row = session.exec(
            select(PaymentVietqrRequest).where(PaymentVietqrRequest.idempotency_key == reference)
        ).first()
        if row is None:
            raise CitadelError("not_found", f"vietqr request {reference}", what="payment", key=reference)
        return row

    def cancel(self, handle: PaymentHandle) -> PaymentHandle:
        with self._lock, Session(self.engine) as session:
            row = self._row(session, handle.reference)
            if row.state == PaymentState.WAITING_FOR_CUSTOMER.value:
                # A transfer arriving after this is recorded as late and shown to staff.
                row.state = PaymentState.CANCELLED.value
                session.add(row)
                session.commit()
            return self._refresh(handle, row)

    def refund(self, reference: str, amount: int, *, idempotency_key: str | None = None) -> RefundResult:
        """Bank transfers cannot be pulled back through the aggregator: staff pay back by hand."""
        require_positive_amount(amount)
        with Session(self.engine) as session:
            row = self._row(session, reference)
            if row.state != PaymentState.SUCCEEDED.value:
                raise CitadelError(
                    "payment_not_refundable", f"{reference} is {row.state}", reference=reference
                )
            if amount > row.amount:
                raise CitadelError("payment_not_refundable", "more than was paid", reference=reference)
            return RefundResult(
                reference=reference,
                amount=amount,
                currency=row.currency,
                state="manual",
                error_code="manual_refund",
            )

    def reconcile(self, order_id: str, amount: int, currency: str) -> PaymentHandle | None:
        with Session(self.engine) as session:
            rows = session.exec(
                select(PaymentVietqrRequest)
                .where(PaymentVietqrRequest.order_id == order_id)
                .order_by(col(PaymentVietqrRequest.id).desc())
            ).all()
        if not rows:
            return None
        row = next((r for r in rows if r.state == PaymentState.SUCCEEDED.value), rows[0])
        handle = self._handle_from(row)
        if row.amount != amount or row.currency != currency:
            handle.state, handle.error_code = PaymentState.FAILED, "amount_mismatch"
            return handle
        return self.poll(handle)

    # -- confirmation ------------------------------------------------------------------------------------
    def _authenticate(self, untrusted_body: bytes, headers: Mapping[str, str]) -> None:
        lower = {k.lower(): v for k, v in headers.items()}
        if self.api_key:
            given = lower.get("authorization", "")
            if hmac.compare_digest(given.encode(), f"Apikey {self.api_key}".encode()):
                return
        if self.hmac_secret:
            given = lower.get(self.signature_header, "").removeprefix("sha256=")
            want = hmac.new(self.hmac_secret.encode(), untrusted_body, hashlib.sha256).hexdigest()
            if hmac.compare_digest(given.encode(), want.encode()):
                return
        raise CitadelError(
            "payment_webhook_bad_signature", "vietqr webhook not authenticated", provider=self.name
        )

    def handle_webhook(self, untrusted_body: bytes, headers: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """Authenticate and ingest one SePay-style webhook; returns (HTTP status, JSON body)."""
        if not (self.api_key or self.hmac_secret):
            raise CitadelError(
                "payment_webhook_bad_signature", "webhooks are not configured", provider=self.name
            )
        self._authenticate(untrusted_body, headers)
        try:
            untrusted = json.loads(untrusted_body)
            if not isinstance(untrusted, dict):
                raise ValueError("not an object")
            untrusted_amount = untrusted["transferAmount"]
            if (
                isinstance(untrusted_amount, bool)
                or int(untrusted_amount) != untrusted_amount
                or int(untrusted_amount) <= 0
            ):
                raise ValueError(f"transferAmount {untrusted_amount!r}")
            external_id = str(untrusted["id"])
            direction = str(untrusted.get("transferType", "in"))
            account_number = str(untrusted.get("accountNumber", ""))
            content = str(untrusted.get("content") or untrusted.get("description") or "")
            code = str(untrusted.get("code") or "")
            transaction_date = str(untrusted.get("transactionDate", ""))
        except (ValueError, KeyError, TypeError) as exc:
            raise CitadelError("payment_webhook_malformed", str(exc), provider=self.name) from exc
        classification = self.ingest(
            external_id=external_id,
            direction=direction,
            account_number=account_number,
            amount=int(untrusted_amount),
            content=content,
            code=code,
            transaction_date=transaction_date,
        )
        return 200, {"success": True, "classification": classification}

    def fetch_transactions(self) -> list[str]:
        """Poll the aggregator (SePay ``/userapi/transactions/list`` shape) and ingest what it returns."""
        assert self.poll_url is not None
        try:
            response = httpx.get(
                self.poll_url,
                params={"account_number": self.account, "limit": 50},
                headers={"Authorization": f"Bearer {self.config.get('poll_api_key', '')}"},
                timeout=float(self.config.get("poll_timeout_s", 10)),
            )
            response.raise_for_status()
            untrusted = response.json()
            items = untrusted["transactions"]
        except httpx.HTTPError as exc:
            raise CitadelError("payment_network", str(exc), provider=self.name) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise CitadelError(
                "payment_provider_error", str(exc), provider=self.name, provider_code="bad_response"
            ) from exc
        out: list[str] = []
        for item in items:
            try:
                amount_in = int(float(item.get("amount_in") or 0))
                if amount_in <= 0:
                    continue
                out.append(
                    self.ingest(
                        external_id=str(item["id"]),
                        direction="in",
                        account_number=str(item.get("account_number", "")),
                        amount=amount_in,
                        content=str(item.get("transaction_content") or ""),
                        code=str(item.get("code") or ""),
                        transaction_date=str(item.get("transaction_date") or ""),
                    )
                )
            except (ValueError, KeyError, TypeError):
                continue  # one malformed row must not hide the others
        return out

    def ingest(
        self,
        *,
        external_id: str,
        direction: str,
        account_number: str,
        amount: int,
        content: str,
        code: str,
        transaction_date: str,
    ) -> str:
        """Classify one incoming transfer and record it. Returns the classification (or ``ignored``)."""
        if direction != "in" or (account_number and account_number != self.account):
            return "ignored"
        key = _normalise_content(code) + " " + _normalise_content(content)
        now = self.clock()
        with self._lock, Session(self.engine) as session:
            seen = session.exec(
                select(PaymentBankTransfer).where(
                    PaymentBankTransfer.source == self.source, PaymentBankTransfer.external_id == external_id
                )
            ).first()
            if seen is not None:
                return "redelivered"  # the same transfer reported twice: already recorded
            # Lock the matching rows (PostgreSQL) so two deliveries for one order cannot both be accepted.
            candidates = session.exec(
                select(PaymentVietqrRequest)
                .where(
                    literal(key).contains(col(PaymentVietqrRequest.note)),
                    col(PaymentVietqrRequest.created_at) >= now - self.match_window,
                )
                .with_for_update()
            ).all()
            request = max(candidates, key=lambda r: (len(r.note), r.id or 0), default=None)
            if request is None:
                classification = "unmatched"
            elif request.state == PaymentState.SUCCEEDED.value:
                classification = "duplicate"
            elif (
                request.state in (PaymentState.CANCELLED.value, PaymentState.EXPIRED.value)
                or now >= request.expires_at
            ):
                classification = "late"
                if request.state == PaymentState.WAITING_FOR_CUSTOMER.value:
                    request.state, request.problem = PaymentState.EXPIRED.value, "timeout"
            elif amount < request.amount:
                classification, request.problem = "underpaid", "underpaid"
            elif amount > request.amount:
                classification, request.problem = "overpaid", "overpaid"
            else:
                classification = "accepted"
            record = PaymentBankTransfer(
                source=self.source,
                external_id=external_id,
                account_number=account_number,
                amount=amount,
                content=content[:500],
                transaction_date=transaction_date,
                received_at=now,
                request_id=request.id if request else None,
                order_id=request.order_id if request else None,
                classification=classification,
                needs_attention=classification != "accepted",
            )
            try:
                session.add(record)
                session.flush()
                if request is not None:
                    if classification == "accepted":
                        request.state, request.problem = PaymentState.SUCCEEDED.value, None
                        request.settled_transfer_id = record.id
                    session.add(request)
                session.commit()
            except IntegrityError:  # another process recorded the same transfer at the same moment
                session.rollback()
                return "redelivered"
            return classification

    # -- staff ------------------------------------------------------------------------------------------
    def transfers_needing_attention(self) -> list[PaymentBankTransfer]:
        with Session(self.engine) as session:
            return list(
                session.exec(
                    select(PaymentBankTransfer)
                    .where(col(PaymentBankTransfer.needs_attention).is_(True))
                    .order_by(col(PaymentBankTransfer.id))
                ).all()
            )

    def resolve_transfer(self, transfer_id: int, *, staff: str, note: str) -> PaymentBankTransfer:
        """Staff record what they did about a flagged transfer (refunded by hand, topped up, ...)."""
        with Session(self.engine) as session:
            record = session.get(PaymentBankTransfer, transfer_id)
            if record is None:
                raise CitadelError("not_found", f"transfer {transfer_id}", what="transfer", key=transfer_id)
            record.needs_attention = False
            record.resolved_at = self.clock()
            record.resolved_by = staff
            record.resolution_note = note
            session.add(record)
            session.commit()
            session.refresh(record)
            return record
