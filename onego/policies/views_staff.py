"""Placeholder until the pages are written (every route answers 404)."""

from django.http import Http404, HttpRequest, HttpResponse


def manage(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def start_run(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def run_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def run_progress(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def policy_case(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def handle_objection(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def payouts(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def create_batch(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def batch_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def approve_batch(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def bank_file(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def reconcile(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
