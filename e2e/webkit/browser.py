#!/usr/bin/python3
"""
A minimal WebKitGTK browser that WebKitWebDriver can drive, with a profile
that lasts: MiniBrowser's automation mode always uses an ephemeral profile,
so a fresh browser session could never find what an earlier one stored.

WebKitWebDriver starts this (capability webkitgtk:browserOptions.binary) with
WEBKIT_INSPECTOR_SERVER set; the profile folder comes from S11_WEBKIT_PROFILE.
IndexedDB, localStorage, the service worker and its caches, and cookies are
all kept there.
"""
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

profile = os.environ.get("S11_WEBKIT_PROFILE")
if not profile:
    sys.exit("S11_WEBKIT_PROFILE is not set")
os.makedirs(profile, exist_ok=True)

data = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(profile, "data"),
    base_cache_directory=os.path.join(profile, "cache"),
)
context = WebKit2.WebContext(website_data_manager=data)
context.set_automation_allowed(True)
data.get_cookie_manager().set_persistent_storage(
    os.path.join(profile, "cookies.sqlite"), WebKit2.CookiePersistentStorage.SQLITE
)
data.get_cookie_manager().set_accept_policy(WebKit2.CookieAcceptPolicy.ALWAYS)

windows = []


def new_view(_session):
    view = WebKit2.WebView(web_context=context, is_controlled_by_automation=True)
    settings = view.get_settings()
    settings.set_enable_developer_extras(True)
    window = Gtk.Window()
    window.set_default_size(1024, 768)
    window.add(view)
    window.show_all()
    windows.append(window)
    view.connect("close", lambda v: (window.destroy(), None))
    return view


def on_automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name("S11WebKitBrowser")
    info.set_version(1, 0, 0)
    session.set_application_info(info)
    session.connect("create-web-view", new_view)


context.connect("automation-started", on_automation_started)
Gtk.main()
