"""The site's URLs with the floor view in front: a page that renders a template and asks
the database nothing, so every other page's time can be read as a multiple of it. Only
bench/settings.py selects this module; production URLs never include it."""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def floor(request):
    return render(request, "bench/floor.html", {"title": "Floor"})


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *site_urlpatterns]
