"""Printer layer: byte transports named by URI, each with a bounded wait on every write and read. Qt-free.

``usb://VID:PID``, ``serial:///dev/ttyUSB0?baudrate=19200``, ``tcp://host:9100``, ``file:///dev/usb/lp0``,
``cups://QUEUE`` and ``virtual://DIR`` (the in-process virtual printer, a stand-in). USB, serial and TCP sit
on python-escpos's printer classes; we pass explicit timeouts because python-escpos 3.1's USB write defaults
to none (a printer switched off mid-job would hang the kiosk) and its reads have no timeout at all.
Every failure becomes :class:`TransportError` with a code: ``unreachable``, ``timeout``, ``connection_lost``.
"""

from __future__ import annotations

import os
import select
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from shared.errors import CitadelError


class TransportError(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        super().__init__(f"{code}: {detail}")


class Transport(Protocol):
    can_read: bool

    @property
    def is_open(self) -> bool: ...
    def open(self) -> None: ...
    def close(self) -> None: ...
    def write(self, data: bytes) -> None: ...
    def read_byte(self) -> int: ...
    def drain(self) -> None: ...


@dataclass(frozen=True, slots=True)
class PrinterUri:
    scheme: str
    target: str
    options: dict[str, str]
    text: str


SCHEMES = ("usb", "serial", "tcp", "file", "cups", "virtual")


def parse_uri(untrusted_uri: str) -> PrinterUri:
    """Split a printer URI; raise ``CitadelError("printer_uri")`` for anything we cannot use."""
    parts = urlsplit(untrusted_uri.strip())
    if parts.scheme not in SCHEMES:
        raise CitadelError("printer_uri", f"unknown scheme {parts.scheme!r}", uri=untrusted_uri)
    target = unquote(parts.netloc + parts.path)
    if not target:
        raise CitadelError("printer_uri", "empty target", uri=untrusted_uri)
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    return PrinterUri(parts.scheme, target, options, untrusted_uri)


class TcpTransport:
    """Raw TCP (port 9100) on ``escpos.printer.Network``; its socket timeout bounds connect, send and recv."""

    can_read = True

    def __init__(self, host: str, port: int, timeout: float) -> None:
        from escpos.printer import Network

        self._net: Any = Network(host, port, timeout=timeout)
        self._sock: socket.socket | None = None

    @property
    def is_open(self) -> bool:
        return self._sock is not None

    def open(self) -> None:
        try:
            self._net.open(raise_not_found=True)
        except Exception as exc:  # python-escpos wraps OSError in DeviceNotFoundError
            raise TransportError("unreachable", str(exc)) from exc
        self._sock = self._net.device

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        self._net._device = False  # so python-escpos does not reopen implicitly

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise TransportError("connection_lost", "not open")
        return self._sock

    def write(self, data: bytes) -> None:
        try:
            self._net._raw(data)
        except TimeoutError as exc:
            raise TransportError("timeout", "write") from exc
        except OSError as exc:
            raise TransportError("connection_lost", str(exc)) from exc

    def read_byte(self) -> int:
        try:
            chunk = self._socket().recv(1)
        except TimeoutError as exc:
            raise TransportError("timeout", "read") from exc
        except OSError as exc:
            raise TransportError("connection_lost", str(exc)) from exc
        if not chunk:
            raise TransportError("connection_lost", "peer closed the connection")
        return chunk[0]

    def drain(self) -> None:
        sock = self._socket()
        while select.select([sock], [], [], 0)[0]:
            try:
                if not sock.recv(256):
                    raise TransportError("connection_lost", "peer closed the connection")
            except BlockingIOError:
                return
            except OSError as exc:
                raise TransportError("connection_lost", str(exc)) from exc


class UsbTransport:
    """USB bulk endpoints through ``escpos.printer.Usb`` (pyusb). Writes and reads carry a timeout in ms."""

    can_read = True

    def __init__(self, vid: int, pid: int, timeout: float, in_ep: int = 0x82, out_ep: int = 0x01) -> None:
        self.vid, self.pid, self.in_ep, self.out_ep = vid, pid, in_ep, out_ep
        self.timeout_ms = max(1, int(timeout * 1000))
        self._usb: Any = None

    @property
    def is_open(self) -> bool:
        return self._usb is not None

    def open(self) -> None:
        from escpos.printer import Usb

        try:
            usb = Usb(self.vid, self.pid, timeout=self.timeout_ms, in_ep=self.in_ep, out_ep=self.out_ep)
            usb.open(raise_not_found=True)
        except Exception as exc:  # not found, permission denied, busy
            raise TransportError("unreachable", str(exc)) from exc
        self._usb = usb

    def close(self) -> None:
        if self._usb is not None:
            try:
                self._usb.close()
            except Exception:  # noqa: S110 - after a power cycle the handle is already gone
                pass
        self._usb = None

    @staticmethod
    def _classify(exc: Exception) -> TransportError:
        import usb.core

        if isinstance(exc, usb.core.USBTimeoutError):
            return TransportError("timeout", str(exc))
        return TransportError("connection_lost", str(exc))

    def write(self, data: bytes) -> None:
        if self._usb is None:
            raise TransportError("connection_lost", "not open")
        try:
            self._usb.device.write(self.out_ep, data, self.timeout_ms)
        except Exception as exc:
            raise self._classify(exc) from exc

    def read_byte(self) -> int:
        if self._usb is None:
            raise TransportError("connection_lost", "not open")
        try:
            chunk = bytes(self._usb.device.read(self.in_ep, 16, self.timeout_ms))
        except Exception as exc:
            raise self._classify(exc) from exc
        if not chunk:  # an empty read is "no answer", never "paper OK" (python-escpos 3.1's mistake)
            raise TransportError("timeout", "empty read")
        return chunk[-1]

    def drain(self) -> None:
        if self._usb is None:
            return
        try:
            while self._usb.device.read(self.in_ep, 16, 1):
                pass
        except Exception:  # noqa: S110 - a timeout here just means nothing was pending
            pass


class SerialTransport:
    """RS-232 through ``escpos.printer.Serial`` (pyserial), with read and write timeouts set."""

    can_read = True

    def __init__(self, device: str, baudrate: int, timeout: float) -> None:
        self.device, self.baudrate, self.timeout = device, baudrate, timeout
        self._serial: Any = None

    @property
    def is_open(self) -> bool:
        return self._serial is not None

    def open(self) -> None:
        from escpos.printer import Serial

        try:
            ser = Serial(self.device, baudrate=self.baudrate, timeout=self.timeout)
            ser.open(raise_not_found=True)
            ser.device.write_timeout = self.timeout
        except Exception as exc:
            raise TransportError("unreachable", str(exc)) from exc
        self._serial = ser

    def close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except Exception:  # noqa: S110
                pass
        self._serial = None

    def write(self, data: bytes) -> None:
        import serial

        if self._serial is None:
            raise TransportError("connection_lost", "not open")
        try:
            self._serial.device.write(data)
            self._serial.device.flush()
        except serial.SerialTimeoutException as exc:
            raise TransportError("timeout", "write") from exc
        except (serial.SerialException, OSError) as exc:
            raise TransportError("connection_lost", str(exc)) from exc

    def read_byte(self) -> int:
        import serial

        if self._serial is None:
            raise TransportError("connection_lost", "not open")
        try:
            chunk = self._serial.device.read(1)
        except (serial.SerialException, OSError) as exc:
            raise TransportError("connection_lost", str(exc)) from exc
        if not chunk:
            raise TransportError("timeout", "read")
        return int(chunk[0])

    def drain(self) -> None:
        if self._serial is not None:
            self._serial.device.reset_input_buffer()


class FileTransport:
    """A character device or file (``/dev/usb/lp0``). Write-only: status is unknown. We do not use
    python-escpos's ``File`` because it writes with a blocking ``open()``, which hangs forever on a printer
    that is off; here the descriptor is non-blocking and each chunk waits at most ``timeout``."""

    can_read = False

    def __init__(self, path: str, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self._fd: int | None = None

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def open(self) -> None:
        try:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise TransportError("unreachable", str(exc)) from exc

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
        self._fd = None

    def write(self, data: bytes) -> None:
        if self._fd is None:
            raise TransportError("connection_lost", "not open")
        view = memoryview(data)
        while view:
            if not select.select([], [self._fd], [], self.timeout)[1]:
                raise TransportError("timeout", "write")
            try:
                view = view[os.write(self._fd, view) :]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise TransportError("connection_lost", str(exc)) from exc

    def read_byte(self) -> int:
        raise TransportError("timeout", "write-only transport")

    def drain(self) -> None:
        return None


class CupsTransport:
    """A CUPS queue in raw mode through ``lp -o raw`` (no pycups needed). Write-only: status is unknown."""

    can_read = False

    def __init__(self, queue: str, timeout: float) -> None:
        self.queue, self.timeout = queue, timeout
        self._open = False

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        if shutil.which("lp") is None:
            raise TransportError("unreachable", "CUPS client (lp) is not installed")
        self._open = True

    def close(self) -> None:
        self._open = False

    def write(self, data: bytes) -> None:
        try:
            done = subprocess.run(
                ["lp", "-d", self.queue, "-o", "raw", "-"],
                input=data,
                capture_output=True,
                timeout=self.timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise TransportError("timeout", "lp") from exc
        if done.returncode != 0:
            raise TransportError("unreachable", done.stderr.decode(errors="replace").strip())

    def read_byte(self) -> int:
        raise TransportError("timeout", "write-only transport")

    def drain(self) -> None:
        return None


class VirtualTransport:
    """The in-process virtual printer (a stand-in). ``device`` is its
    :class:`~printer.virtual.VirtualPrinter`,
    so callers can switch its faults. A dropped-connection fault reads as ``connection_lost``."""

    can_read = True

    def __init__(self, out_dir: str, width_dots: int, profile: str | None) -> None:
        from printer.virtual import VirtualPrinter

        self.device = VirtualPrinter(Path(out_dir), width_dots, profile)
        self._open = False
        self._answers = bytearray()

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        self._open = True

    def close(self) -> None:
        self._open = False
        self._answers.clear()

    def write(self, data: bytes) -> None:
        from printer.virtual import ConnectionDropped

        if not self._open:
            raise TransportError("connection_lost", "not open")
        try:
            self._answers += self.device.receive(data)
        except ConnectionDropped as exc:
            self._open = False
            self.device.disconnect(dropped=True)
            raise TransportError("connection_lost", "dropped") from exc

    def read_byte(self) -> int:
        if not self._open:
            raise TransportError("connection_lost", "not open")
        if not self._answers:
            raise TransportError("timeout", "no answer")
        value = self._answers[0]
        del self._answers[0]
        return value

    def drain(self) -> None:
        self._answers.clear()


def make_transport(uri: PrinterUri, timeout: float) -> Transport:
    """Build the transport for a parsed URI (nothing is opened yet)."""
    try:
        if uri.scheme == "tcp":
            host, _, port = uri.target.partition(":")
            return TcpTransport(host, int(port or 9100), timeout)
        if uri.scheme == "usb":
            vid, _, pid = uri.target.partition(":")
            return UsbTransport(
                int(vid, 16),
                int(pid, 16),
                timeout,
                in_ep=int(uri.options.get("in_ep", "0x82"), 0),
                out_ep=int(uri.options.get("out_ep", "0x01"), 0),
            )
        if uri.scheme == "serial":
            return SerialTransport(uri.target, int(uri.options.get("baudrate", "19200")), timeout)
        if uri.scheme == "file":
            return FileTransport(uri.target, timeout)
        if uri.scheme == "cups":
            return CupsTransport(uri.target, timeout)
        width = int(uri.options.get("width", "576"))
        return VirtualTransport(uri.target, width, uri.options.get("profile"))
    except ValueError as exc:
        raise CitadelError("printer_uri", str(exc), uri=uri.text) from exc


def sleep_backoff(attempt: int, base: float, deadline: float) -> bool:
    """Sleep ``base * 2**attempt`` (capped by the deadline); False when the deadline has passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    time.sleep(min(base * (2**attempt), remaining))
    return True
