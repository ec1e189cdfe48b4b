"""Helpers for tests of the import pages: upload, then confirm the preview."""

from __future__ import annotations


def upload_and_confirm(client, url: str, file):
    """POST the file to an import page; if the preview is clean, confirm it (the 2nd step).

    Answers the last response: the page with its errors, or the redirect after the write.
    """
    response = client.post(url, {"file": file})
    job = response.context.get("job") if response.status_code == 200 else None
    if job is None:
        return response
    return client.post(url, {"job": job.pk})
