"""Placeholder until the pages are written (every route answers 404)."""

from django.http import Http404, HttpRequest, HttpResponse


def catalogue(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def finder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def offers(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def confirm_offer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def decline_offer(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def publicity(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def object_to(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
