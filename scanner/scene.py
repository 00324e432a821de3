"""Scanner layer (Qt-free): synthetic camera scenes for the ``virtual:`` camera STAND-IN and the decode bench.

It owns one job: take a flat ticket image (what the virtual printer writes, or a bare QR) and return a
frame that looks as if a person held that ticket up to a 1280x720 gate camera: scaled, slightly rotated
and perspective-warped, on a cluttered background, with mild sensor noise. Everything is driven by a
``numpy.random.Generator`` so a seed reproduces the same frames (the bench depends on that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

# uint8 by convention (BGR or gray); typed loosely because OpenCV's stubs type results that way.
Image = npt.NDArray[Any]

FRAME_SIZE: tuple[int, int] = (1280, 720)
"""(width, height) of the stand-in camera, the gate's reference resolution."""


@dataclass(frozen=True, slots=True)
class Pose:
    """How the ticket sits in front of the camera.

    ``scale`` is output pixels per ticket pixel; ``angle`` is the in-plane rotation in degrees;
    ``tilt`` (0..~0.3) is how far the corners move towards each other (perspective); ``center`` is the
    ticket centre in frame pixels.
    """

    scale: float
    angle: float
    tilt: float
    center: tuple[float, float]


def background(
    rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE, brightness: float = 1.0
) -> Image:
    """A cluttered but plausible gate background: a soft colour gradient with a few blurred shapes."""
    width, height = size
    base = rng.uniform(60, 170, 3)
    ramp = np.linspace(-40.0, 40.0, width, dtype=np.float32)[None, :, None]
    vramp = np.linspace(-25.0, 25.0, height, dtype=np.float32)[:, None, None]
    img = np.clip(base[None, None, :] + ramp * rng.uniform(-1, 1) + vramp * rng.uniform(-1, 1), 0, 255)
    img = img.astype(np.uint8)
    img = np.broadcast_to(img, (height, width, 3)).copy()
    for _ in range(int(rng.integers(4, 10))):
        colour = tuple(int(c) for c in rng.integers(20, 235, 3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        if rng.random() < 0.5:
            cv2.circle(img, (x, y), int(rng.integers(20, 160)), colour, -1)
        else:
            cv2.rectangle(
                img, (x, y), (x + int(rng.integers(30, 300)), y + int(rng.integers(30, 250))), colour, -1
            )
    img = cv2.GaussianBlur(img, (0, 0), 6)
    if brightness != 1.0:
        img = np.clip(img.astype(np.float32) * brightness, 0, 255).astype(np.uint8)
    out: Image = img
    return out


def random_pose(
    rng: np.random.Generator,
    ticket_size: tuple[int, int],
    *,
    target_px: tuple[float, float] = (260.0, 420.0),
    max_angle: float = 12.0,
    max_tilt: float = 0.08,
    size: tuple[int, int] = FRAME_SIZE,
) -> Pose:
    """A pose that puts a ``ticket_size`` (width, height) image fully in frame with its longer side
    ``target_px`` pixels long, at a random small angle and tilt."""
    width, height = size
    longest = float(max(ticket_size))
    scale = float(rng.uniform(*target_px)) / longest
    half_diag = 0.5 * np.hypot(*ticket_size) * scale
    margin_x = min(half_diag + 4, width / 2)
    margin_y = min(half_diag + 4, height / 2)
    cx = float(rng.uniform(margin_x, width - margin_x))
    cy = float(rng.uniform(margin_y, height - margin_y))
    return Pose(
        scale=scale,
        angle=float(rng.uniform(-max_angle, max_angle)),
        tilt=float(rng.uniform(0, max_tilt)),
        center=(cx, cy),
    )


def place(
    ticket: Image, bg: Image, pose: Pose, rng: np.random.Generator
) -> tuple[Image, npt.NDArray[np.float32]]:
    """Warp ``ticket`` onto a copy of ``bg`` with ``pose``. Returns (frame, the ticket's 4 corners in it)."""
    if ticket.ndim == 2:
        ticket = cv2.cvtColor(ticket, cv2.COLOR_GRAY2BGR)
    h, w = ticket.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    # Centre, scale and rotate the corners, then pull a random pair of edges together for perspective.
    corners = (src - [w / 2, h / 2]) * pose.scale
    theta = np.deg2rad(pose.angle)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]], dtype=np.float32)
    corners = corners @ rot.T
    if pose.tilt > 0:
        edge = int(rng.integers(0, 4))
        a, b = edge, (edge + 1) % 4
        mid = (corners[a] + corners[b]) / 2
        corners[a] += (mid - corners[a]) * pose.tilt * 2
        corners[b] += (mid - corners[b]) * pose.tilt * 2
    dst = (corners + np.array(pose.center, dtype=np.float32)).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    out_h, out_w = bg.shape[:2]
    warped = cv2.warpPerspective(ticket, matrix, (out_w, out_h), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, (out_w, out_h), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    frame = (warped.astype(np.float32) * alpha + bg.astype(np.float32) * (1 - alpha)).astype(np.uint8)
    return frame, dst


def sensor_noise(frame: Image, rng: np.random.Generator, sigma: float = 3.0) -> Image:
    """Additive Gaussian noise, as a cheap camera sensor makes."""
    if sigma <= 0:
        return frame
    noise = rng.normal(0.0, sigma, frame.shape).astype(np.float32)
    out: Image = np.clip(frame.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    return out


def hold_up(
    ticket: Image,
    rng: np.random.Generator,
    *,
    size: tuple[int, int] = FRAME_SIZE,
    bg: Image | None = None,
    target_px: tuple[float, float] = (300.0, 420.0),
) -> Image:
    """One frame of ``ticket`` held up to the camera (mild pose, mild noise, slight defocus)."""
    if bg is None:
        bg = background(rng, size)
    pose = random_pose(rng, (ticket.shape[1], ticket.shape[0]), target_px=target_px, size=size)
    frame, _ = place(ticket, bg, pose, rng)
    if rng.random() < 0.5:
        frame = cv2.GaussianBlur(frame, (0, 0), float(rng.uniform(0.3, 0.9)))
    return sensor_noise(frame, rng, float(rng.uniform(1.0, 4.0)))
