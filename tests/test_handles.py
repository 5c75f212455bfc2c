"""Handles: the same account always matches, whatever form the user typed."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup_tracker.errors import InvalidInput
from meetup_tracker.handles import (
    Handle,
    format_handle,
    handle_lookups,
    looks_like_handle,
    parse_handle,
    profile_url,
)


@pytest.mark.parametrize(
    "typed",
    [
        "twitter:@AnaOrtiz",
        "twitter:anaortiz",
        "x:@AnaOrtiz",
        "https://twitter.com/AnaOrtiz",
        "https://x.com/anaortiz/",
        "twitter:https://mobile.twitter.com/AnaOrtiz?lang=en",
        "www.x.com/AnaOrtiz",
    ],
)
def test_twitter_forms_are_one_handle(typed: str) -> None:
    handle = parse_handle(typed)
    assert (handle.platform, handle.key) == ("twitter", "anaortiz")


def test_display_keeps_the_case_typed() -> None:
    assert parse_handle("https://twitter.com/AnaOrtiz").handle == "AnaOrtiz"
    assert str(parse_handle("x:@AnaOrtiz")) == "twitter:@AnaOrtiz"


def test_linkedin_profile_url_becomes_its_slug() -> None:
    handle = parse_handle("https://www.linkedin.com/in/ana-ortiz-12/")
    assert handle == Handle("linkedin", "ana-ortiz-12", "ana-ortiz-12")
    assert parse_handle("linkedin:Ana-Ortiz-12").key == "ana-ortiz-12"
    assert (
        parse_handle("https://de.linkedin.com/in/jos%C3%A9-n%C3%BA%C3%B1ez").handle == "josé-núñez"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "mastodon:@ana@hachyderm.io",
        "mastodon:ana@Hachyderm.io",
        "@Ana@hachyderm.io",
        "https://hachyderm.io/@ana",
        "mastodon:https://hachyderm.io/users/ana",
    ],
)
def test_mastodon_is_user_at_host(typed: str) -> None:
    handle = parse_handle(typed)
    assert (handle.platform, handle.key) == ("mastodon", "ana@hachyderm.io")


@pytest.mark.parametrize(
    "typed",
    ["bluesky:@ana.bsky.social", "bsky:ana", "https://bsky.app/profile/ana.bsky.social"],
)
def test_bluesky_handles_are_domains(typed: str) -> None:
    handle = parse_handle(typed)
    assert (handle.platform, handle.key) == ("bluesky", "ana.bsky.social")


def test_emails_compare_lowercased_and_keep_their_case() -> None:
    a = parse_handle("Ana.Ortiz@Example.org")
    b = parse_handle("email:ana.ortiz@example.org")
    c = parse_handle("mailto:ANA.ORTIZ@EXAMPLE.ORG")
    assert a.platform == b.platform == c.platform == "email"
    assert a.key == b.key == c.key == "ana.ortiz@example.org"
    assert a.handle == "Ana.Ortiz@Example.org"


def test_other_platforms_and_phones() -> None:
    assert parse_handle("github:https://github.com/AnaO").key == "anao"
    assert parse_handle("https://www.instagram.com/ana.ortiz/").key == "ana.ortiz"
    assert parse_handle("phone:+1 (615) 555-0100").key == "+16155550100"
    assert parse_handle("tel:615.555.0100").platform == "phone"
    discord = parse_handle("discord:Ana#1234")
    assert (discord.platform, discord.handle, discord.key) == ("discord", "Ana#1234", "ana#1234")
    website = parse_handle("https://www.ana.example.org/blog/")
    assert (website.platform, website.key) == ("website", "ana.example.org/blog")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "@anaortiz",  # which platform?
        "twitter:this name has spaces",
        "twitter:@waytoolongforatwitterhandle",
        "mastodon:ana",
        "email:not-an-address",
        "phone:call me",
        "twitter:https://github.com/ana",
        "linkedin:https://www.linkedin.com/company/acme",
    ],
)
def test_what_cannot_be_a_handle_is_an_error(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_handle(typed)


def test_lookups_for_contact_references() -> None:
    assert handle_lookups("@AnaOrtiz") == [(None, "anaortiz")]
    assert handle_lookups("twitter:anaortiz") == [("twitter", "anaortiz")]
    assert handle_lookups("https://x.com/AnaOrtiz") == [("twitter", "anaortiz")]
    assert handle_lookups("@ana@hachyderm.io") == [("mastodon", "ana@hachyderm.io")]
    assert handle_lookups("Ana Ortiz") == []
    assert looks_like_handle("@ana")
    assert looks_like_handle("x:ana")
    assert not looks_like_handle("Ana Ortiz")


twitter_users = st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True)


@given(twitter_users, st.sampled_from(["{}", "@{}", "https://twitter.com/{}", "https://x.com/{}/"]))
def test_any_twitter_form_has_the_lowercased_key(user: str, form: str) -> None:
    handle = parse_handle("twitter:" + form.format(user))
    assert handle.key == user.lower()
    assert handle.handle == user


@given(
    st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9]{1,10}\.(social|io|org)", fullmatch=True),
)
def test_any_mastodon_form_has_one_key(user: str, host: str) -> None:
    keys = {
        parse_handle(f"@{user}@{host}").key,
        parse_handle(f"https://{host}/@{user}").key,
        parse_handle(f"mastodon:{user.upper()}@{host}").key,
    }
    assert keys == {f"{user}@{host}"}


@given(
    st.sampled_from(["twitter", "github", "mastodon", "bluesky", "email", "linkedin"]),
    twitter_users,
)
def test_a_displayed_handle_parses_back_to_itself(platform: str, user: str) -> None:
    typed = {
        "mastodon": f"{user}@example.social",
        "bluesky": f"{user.replace('_', '-')}.bsky.social",
        "email": f"{user}@example.org",
        "github": user.replace("_", "-").strip("-") or "a",
    }.get(platform, user)
    try:
        original = parse_handle(typed, platform)
    except InvalidInput:
        return  # not every generated string is valid on every platform
    again = parse_handle(format_handle(original.platform, original.handle))
    assert (again.platform, again.key) == (original.platform, original.key)


@given(st.text(max_size=80))
def test_any_text_is_a_handle_or_a_clear_error(text: str) -> None:
    # Only the domain's own error, with its message, may come out.
    with contextlib.suppress(InvalidInput):
        handle = parse_handle(text)
        assert handle.platform
        assert handle.key


@pytest.mark.parametrize(
    ("url", "platform", "shown"),
    [
        ("https://www.youtube.com/@AnaOrtiz", "youtube", "youtube:@AnaOrtiz"),
        ("https://youtube.com/channel/UCx8Zl2bQ", "youtube", "youtube:channel/UCx8Zl2bQ"),
        ("https://medium.com/@ana.ortiz", "medium", "medium:@ana.ortiz"),
        ("https://anaortiz.medium.com/", "medium", "medium:@anaortiz"),
        ("https://www.tiktok.com/@ana.o?lang=en", "tiktok", "tiktok:@ana.o"),
        ("https://www.threads.net/@ana.ortiz", "threads", "threads:@ana.ortiz"),
        ("https://www.threads.com/@ana_ortiz", "threads", "threads:@ana_ortiz"),
        ("https://www.instagram.com/ana.ortiz/", "instagram", "instagram:@ana.ortiz"),
        ("https://github.com/ana-ortiz", "github", "github:@ana-ortiz"),
        ("https://anaortiz.substack.com/", "substack", "substack:anaortiz"),
        ("https://substack.com/@anaortiz", "substack", "substack:anaortiz"),
        ("https://bsky.app/profile/ana.bsky.social", "bluesky", "bluesky:@ana.bsky.social"),
        (
            "https://www.linkedin.com/company/acme-inc/",
            "linkedin-company",
            "linkedin-company:acme-inc",
        ),
        ("https://www.linkedin.com/in/ana-ortiz-12/", "linkedin", "linkedin:ana-ortiz-12"),
        # Mastodon: the @user@host form, or /@user on a host that is not a known other site.
        ("@ana@hachyderm.io", "mastodon", "mastodon:@ana@hachyderm.io"),
        ("https://fosstodon.org/@ana", "mastodon", "mastodon:@ana@fosstodon.org"),
        ("https://social.example.coop/@ana", "mastodon", "mastodon:@ana@social.example.coop"),
        # /@user on sites that are not Mastodon and have no platform here: a website.
        ("https://www.producthunt.com/@ana", "website", "website:https://www.producthunt.com/@ana"),
        ("https://replit.com/@ana", "website", "website:https://replit.com/@ana"),
        (
            "https://www.youtube.com/watch?v=abc",
            "website",
            "website:https://www.youtube.com/watch?v=abc",
        ),
    ],
)
def test_profile_addresses_are_recognised_by_their_site(
    url: str, platform: str, shown: str
) -> None:
    handle = parse_handle(url)
    assert handle.platform == platform
    assert str(handle) == shown
    again = parse_handle(shown)  # what is shown can be typed back
    assert (again.platform, again.key) == (handle.platform, handle.key)


@pytest.mark.parametrize(
    "url",
    ["https://medium.com/@ana", "https://www.youtube.com/@ana", "https://www.tiktok.com/@ana"],
)
def test_a_known_other_site_is_never_a_mastodon_handle(url: str) -> None:
    with pytest.raises(InvalidInput, match="is not a mastodon handle"):
        parse_handle(url, "mastodon")


def test_profile_urls_for_the_new_platforms() -> None:
    assert profile_url("youtube", "AnaOrtiz") == "https://www.youtube.com/@AnaOrtiz"
    assert profile_url("youtube", "channel/UCx8") == "https://www.youtube.com/channel/UCx8"
    assert profile_url("medium", "ana") == "https://medium.com/@ana"
    assert profile_url("tiktok", "ana") == "https://www.tiktok.com/@ana"
    assert profile_url("threads", "ana") == "https://www.threads.net/@ana"
    assert profile_url("substack", "ana") == "https://ana.substack.com"
    assert profile_url("linkedin-company", "acme") == "https://www.linkedin.com/company/acme/"
