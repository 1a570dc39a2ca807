"""Evidence files: one mechanism for checking, cleaning, storing and serving uploaded files.

How to use it:

1. Model: give the model the abstract ``PrivateFile`` fields (``class Photo(AuditedModel, PrivateFile)``) — a
   ``file`` in the private storage (outside MEDIA_ROOT and any URL), its ``content_type``, ``size``, ``sha256`` and
   whether it is ``encrypted``.
2. Form / serializer: ``EvidenceFileField()`` in a Django form (``multiple=True`` for several files) returns
   ``CleanUpload`` objects; in DRF call ``clean_upload(file)`` from ``validate_<field>`` (its ValidationError is
   turned into a field error). ``clean_upload`` checks the type by content (magic bytes, then Pillow), never by
   the file name; refuses anything over ``max_bytes``; re-encodes images without EXIF (GPS, camera, time), XMP,
   comments or text chunks, turned upright; and refuses a file whose metadata cannot be stripped (PDF, office
   documents, SVG, executables, anything unknown).
3. Service: ``photo.store(clean, folder="monitoring/visits", encrypt=True)`` writes the cleaned bytes under a
   random name (``<folder>/<32 hex>.<ext>``), Fernet-encrypted with tendik.core.crypto when ``encrypt`` is true.
   Call it inside the service's transaction; ``discard(photo)`` removes the file once the deletion commits.
4. View: check your own permission first (and log the access where it is sensitive), then
   ``return stream_private_file(photo, download_name="evidence-3")``. Files are never reachable through /media/.

``rotate_field_keys`` re-encrypts encrypted files too (``rotate_encrypted_files``).
"""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
IMAGE_TYPES: tuple[str, ...] = (JPEG, PNG, WEBP)
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", WEBP: ".webp"}
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; bigger is refused (decompression bombs)


class UploadRefused(ValidationError):
    """The file was refused: wrong type, too big, or its metadata could not be removed."""


@dataclass(frozen=True)
class CleanUpload:
    """Checked and cleaned bytes, ready to store. The original file name is deliberately not kept."""

    content: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def sniff(head: bytes) -> str | None:
    """The content type told by the first bytes, or None when it is not one Tendik accepts."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def max_upload_bytes() -> int:
    return int(getattr(settings, "TENDIK_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def clean_upload(
    upload: IO[bytes] | Any, *, allowed: Sequence[str] = IMAGE_TYPES, max_bytes: int | None = None
) -> CleanUpload:
    """Check an uploaded file by its content and size and return it without metadata; raise UploadRefused."""
    limit = max_bytes or max_upload_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_big(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_big(limit)
    kind = sniff(data[:16])
    if kind is None or kind not in allowed:
        raise UploadRefused(
            _("This kind of file is not accepted. Send a photo or a screenshot (JPEG, PNG or WebP)."), code="type"
        )
    return CleanUpload(content=_strip_image(data, kind), content_type=kind)


def _too_big(limit: int) -> UploadRefused:
    megabytes = max(1, limit // (1024 * 1024))
    return UploadRefused(
        ngettext(
            "The file is too large: at most %(mb)d megabyte.",
            "The file is too large: at most %(mb)d megabytes.",
            megabytes,
        )
        % {"mb": megabytes},
        code="size",
    )


def _strip_image(data: bytes, kind: str) -> bytes:
    """Re-encode the picture from its pixels only, so EXIF, GPS, XMP, comments and text chunks are gone."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    unreadable = UploadRefused(_("The picture could not be read, so its hidden data cannot be removed."), code="strip")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != _PIL_FORMATS[kind]:
                raise unreadable
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise UploadRefused(_("The picture is too large in pixels."), code="pixels")
            probe.load()
            image = ImageOps.exif_transpose(probe)  # keep it upright before the orientation tag goes
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise unreadable from exc
    if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGB")
    if (kind == JPEG and image.mode not in ("RGB", "L")) or (kind == WEBP and image.mode not in ("RGB", "RGBA")):
        image = image.convert("RGBA" if "A" in image.mode and kind == WEBP else "RGB")
    fresh = Image.new(image.mode, image.size)
    if image.mode == "P":
        palette = image.getpalette()
        if palette:
            fresh.putpalette(palette)
    fresh.paste(image)  # pixels only: no info dictionary, no EXIF, no XMP travels with them
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 90} if kind != PNG else {}
    options["optimize"] = kind != WEBP
    fresh.save(out, format=_PIL_FORMATS[kind], **options)
    cleaned = out.getvalue()
    if has_metadata(cleaned):
        raise unreadable
    return cleaned


def has_metadata(data: bytes) -> bool:
    """True when an image carries EXIF (GPS, camera, time), XMP, comments, colour profiles or text chunks."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        if len(image.getexif()):
            return True
        if _META_KEYS & set(image.info):
            return True
        return bool(getattr(image, "text", None))  # PNG tEXt / iTXt chunks


_META_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "photoshop", "adobe"}


# --- storage ---------------------------------------------------------------------------------------------------------


def private_root() -> Path:
    return Path(getattr(settings, "TENDIK_PRIVATE_ROOT", Path(settings.MEDIA_ROOT).parent / "private"))


class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT with no URL at all: the only way out is stream_private_file after a check."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(private_root())

    @property  # type: ignore[override]
    def location(self) -> str:
        return str(private_root().resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them with tendik.core.uploads.stream_private_file")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def random_name(folder: str, clean: CleanUpload) -> str:
    folder = folder.strip("/")
    if not folder or ".." in folder.split("/"):
        raise ValueError("folder must be a plain relative path")
    return f"{folder}/{secrets.token_hex(16)}{clean.extension}"


class PrivateFile(models.Model):
    """Abstract fields for one stored evidence file; combine with AuditedModel in the domain model."""

    file = models.FileField(_("file"), storage=private_storage, max_length=255, editable=False)
    content_type = models.CharField(_("file type"), max_length=50, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, blank=True)
    encrypted = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    def store(self, clean: CleanUpload, *, folder: str, encrypt: bool = False) -> None:
        """Write the cleaned bytes under a random name and fill the fields (the caller saves the row)."""
        from tendik.core.crypto import fernet

        payload = fernet().encrypt(clean.content) if encrypt else clean.content
        self.file.save(random_name(folder, clean), ContentFile(payload), save=False)
        self.content_type = clean.content_type
        self.size = clean.size
        self.sha256 = clean.sha256
        self.encrypted = encrypt

    def read_bytes(self) -> bytes:
        from tendik.core.crypto import fernet

        with self.file.storage.open(str(self.file.name), "rb") as handle:
            data = handle.read()
        return fernet().decrypt(data) if self.encrypted else data


def discard(stored: PrivateFile) -> None:
    """Remove the stored file once the surrounding transaction commits (call it where the row is deleted)."""
    name, storage = stored.file.name, stored.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def stream_private_file(
    stored: PrivateFile, *, download_name: str = "file", as_attachment: bool = False
) -> FileResponse:
    """The file as a response, after the caller's permission check: its stored type, never sniffed, never cached."""
    if stored.content_type not in EXTENSIONS:
        raise ValueError("unknown stored content type")
    safe = "".join(c for c in download_name if c.isalnum() or c in "-_") or "file"
    body: Any
    if stored.encrypted:
        body = io.BytesIO(stored.read_bytes())
    else:
        body = stored.file.storage.open(str(stored.file.name), "rb")
    response = FileResponse(
        body,
        content_type=stored.content_type,
        as_attachment=as_attachment,
        filename=f"{safe}{EXTENSIONS[stored.content_type]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


def rotate_encrypted_files() -> int:
    """Re-encrypt every encrypted private file with the newest field key; returns how many files changed."""
    from django.apps import apps

    from tendik.core.crypto import fernet

    done = 0
    for model in apps.get_models():
        if not issubclass(model, PrivateFile) or model._meta.proxy or not model._meta.managed:
            continue
        for row in model._default_manager.filter(encrypted=True).only("pk", "file", "encrypted").iterator():
            storage = row.file.storage
            path = Path(storage.path(str(row.file.name)))
            token = path.read_bytes()
            rotated = fernet().rotate(token)
            if rotated != token:
                tmp = path.with_suffix(path.suffix + ".rotating")
                tmp.write_bytes(rotated)
                tmp.replace(path)
                done += 1
    return done


# --- forms -----------------------------------------------------------------------------------------------------------


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceFileField(forms.FileField):
    """A form field whose cleaned value is a CleanUpload (or a list of them with multiple=True)."""

    def __init__(
        self,
        *,
        multiple: bool = False,
        max_files: int = 5,
        allowed: Sequence[str] = IMAGE_TYPES,
        max_bytes: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.multiple, self.max_files, self.allowed, self.max_bytes = multiple, max_files, tuple(allowed), max_bytes
        attrs = {"accept": ",".join(self.allowed)}
        kwargs.setdefault("widget", _MultipleFileInput(attrs=attrs) if multiple else forms.ClearableFileInput(attrs))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if not self.multiple:
            value = super().clean(data, initial)
            return clean_upload(value, allowed=self.allowed, max_bytes=self.max_bytes) if value else None
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise ValidationError(
                ngettext("Send at most %(n)d file.", "Send at most %(n)d files.", self.max_files)
                % {"n": self.max_files},
                code="max_files",
            )
        return [clean_upload(super(EvidenceFileField, self).clean(f, None), **self._opts()) for f in files]

    def _opts(self) -> dict[str, Any]:
        return {"allowed": self.allowed, "max_bytes": self.max_bytes}


def clean_many(files: Iterable[Any], **options: Any) -> list[CleanUpload]:
    return [clean_upload(f, **options) for f in files]
