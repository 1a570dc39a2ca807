"""Evidence files: type by content, size limit, metadata stripped, private storage, guarded serving."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tendik.core import uploads


def jpeg_with_gps(size: tuple[int, int] = (40, 30), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0132] = "2025:05:12 10:00:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (40.0, 31.0, 0.0)  # Osh
    gps[3] = "E"
    gps[4] = (72.0, 48.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Айгүл")
    info.add_text("Location", "40.53N 72.80E")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def test_jpeg_with_gps_comes_out_without_any_exif():
    original = jpeg_with_gps()
    assert uploads.has_metadata(original)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the test input really has GPS
    clean = uploads.clean_upload(SimpleUploadedFile("IMG_0001.jpg", original, "image/jpeg"))
    assert clean.content_type == "image/jpeg" and clean.extension == ".jpg"
    with Image.open(io.BytesIO(clean.content)) as image:
        assert not image.getexif() and not image.getexif().get_ifd(0x8825)
        assert "comment" not in image.info and image.size == (40, 30)
    assert not uploads.has_metadata(clean.content)
    assert b"CameraMaker" not in clean.content and b"taken at home" not in clean.content


def test_a_sideways_photo_is_turned_upright_before_its_orientation_tag_goes():
    clean = uploads.clean_upload(io.BytesIO(jpeg_with_gps((40, 30), orientation=6)))
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.size == (30, 40)


def test_png_text_chunks_are_removed():
    clean = uploads.clean_upload(io.BytesIO(png_with_text()))
    assert clean.content_type == "image/png"
    assert "Айгүл".encode() not in clean.content and b"Location" not in clean.content
    assert not uploads.has_metadata(clean.content)


def test_webp_is_accepted_and_cleaned():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    Image.new("RGB", (8, 8)).save(out, format="WEBP", exif=exif.tobytes())
    clean = uploads.clean_upload(io.BytesIO(out.getvalue()))
    assert clean.content_type == "image/webp" and b"CameraMaker" not in clean.content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64),  # a Windows .exe
        ("photo.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 64),  # a Linux binary
        ("photo.jpg", b"#!/bin/sh\nrm -rf /\n"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Author (A)>>endobj"),  # metadata cannot be stripped
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 4),  # right magic, broken body
    ],
)
def test_files_that_are_not_clean_pictures_are_refused(name, content):
    with pytest.raises(uploads.UploadRefused):
        uploads.clean_upload(SimpleUploadedFile(name, content, "image/jpeg"))


def test_oversize_is_refused_before_reading(settings):
    settings.TENDIK_UPLOAD_MAX_BYTES = 1024
    big = jpeg_with_gps((400, 400))
    assert len(big) > 1024
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.clean_upload(SimpleUploadedFile("big.jpg", big, "image/jpeg"))
    assert refused.value.code == "size"
    # A stream without a declared size is cut at the limit, too.
    with pytest.raises(uploads.UploadRefused):
        uploads.clean_upload(io.BytesIO(big))


def test_a_type_can_be_left_out_by_the_caller():
    with pytest.raises(uploads.UploadRefused):
        uploads.clean_upload(io.BytesIO(png_with_text()), allowed=(uploads.JPEG,))


def test_private_storage_has_no_url_and_lives_outside_media(settings, tmp_path):
    storage = uploads.private_storage()
    assert str(tmp_path / "private") in storage.location
    assert not storage.location.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no URL"):
        storage.url("x.jpg")


def test_random_names_are_unguessable_and_stay_in_their_folder():
    clean = uploads.clean_upload(io.BytesIO(jpeg_with_gps()))
    one, two = uploads.random_name("monitoring/visits", clean), uploads.random_name("monitoring/visits", clean)
    assert one != two and one.startswith("monitoring/visits/") and one.endswith(".jpg")
    assert len(one.rsplit("/", 1)[1]) == 32 + 4
    with pytest.raises(ValueError):
        uploads.random_name("../etc", clean)


class _Stored(uploads.PrivateFile):
    """An unsaved stand-in for a model with the PrivateFile fields (rows are not needed to test the file side)."""

    class Meta:
        app_label = "core"
        managed = False


def test_store_and_stream_encrypted_file(settings):
    settings.TENDIK_FIELD_KEYS = [Fernet.generate_key().decode()]
    clean = uploads.clean_upload(io.BytesIO(jpeg_with_gps()))
    stored = _Stored()
    stored.store(clean, folder="tests/evidence", encrypt=True)
    on_disk = (uploads.private_root() / stored.file.name).read_bytes()
    assert on_disk != clean.content and not on_disk.startswith(b"\xff\xd8")  # encrypted at rest
    assert stored.read_bytes() == clean.content and stored.size == clean.size
    response = uploads.stream_private_file(stored, download_name="evidence 1/../x")
    assert b"".join(response.streaming_content) == clean.content
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert 'filename="evidence1x.jpg"' in response["Content-Disposition"]


def test_form_field_returns_clean_uploads_and_limits_their_number():
    field = uploads.EvidenceFileField(multiple=True, max_files=2, required=False)
    files = [SimpleUploadedFile(f"{i}.jpg", jpeg_with_gps(), "image/jpeg") for i in range(3)]
    assert field.clean([]) == []
    cleaned = field.clean(files[:2])
    assert [c.content_type for c in cleaned] == ["image/jpeg", "image/jpeg"]
    with pytest.raises(ValidationError):
        field.clean(files)
    single = uploads.EvidenceFileField(required=True)
    with pytest.raises(ValidationError):
        single.clean(SimpleUploadedFile("x.jpg", b"MZ" + b"\x00" * 40, "image/jpeg"))
