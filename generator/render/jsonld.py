"""Structured data for search engines: JobPosting on open jobs, Article on stories.

`script_tag` writes JSON that parses back to exactly the data given, whatever it holds:
"<", ">" and "&" are written as \\u escapes, so no field can close the <script> element.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from generator.config import SiteConfig
from generator.model import urls
from generator.model.places import country_name
from generator.model.records import Job, Person, Story
from generator.model.site import story_modified


def script_tag(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def job_posting(job: Job, description_html: str, config: SiteConfig) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job.title,
        "description": description_html,
        "datePosted": job.posted.isoformat(),
        "employmentType": job.employment_type,
        "hiringOrganization": organization(config),
        "jobLocation": [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": place.city,
                    "addressRegion": place.region,
                    "addressCountry": place.country,
                },
            }
            for place in job.locations
        ],
        "identifier": {
            "@type": "PropertyValue",
            "name": config.organization,
            "value": job.id,
        },
        "url": urls.absolute(config.site_url, urls.job_url(job.id)),
        "directApply": applies_on_site(job.apply_url, config.site_url),
    }
    if job.valid_through:
        data["validThrough"] = job.valid_through.isoformat()
    if job.salary:
        value = {
            "@type": "QuantitativeValue",
            "minValue": job.salary.min,
            "unitText": job.salary.unit,
        }
        if job.salary.max is not None:
            value["maxValue"] = job.salary.max
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": job.salary.currency,
            "value": value,
        }
    if job.remote:
        data["jobLocationType"] = "TELECOMMUTE"
        countries = sorted({place.country for place in job.locations})
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": country_name(cc), "identifier": cc} for cc in countries
        ]
    return data


def applies_on_site(apply_url: str, site_url: str) -> bool:
    """directApply: the application form is on the site's own host (not an outside ATS)."""
    return urlsplit(apply_url).hostname == urlsplit(site_url).hostname


def organization(config: SiteConfig) -> dict:
    org = {"@type": "Organization", "name": config.organization}
    if config.options.organization_url:
        org["sameAs"] = config.options.organization_url
    if config.options.organization_logo:
        org["logo"] = urls.absolute(config.site_url, config.options.organization_logo)
    return org


def article(story: Story, people: list[Person], config: SiteConfig) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.date.isoformat(),
        "dateModified": story_modified(story).isoformat(),
        "url": urls.absolute(config.site_url, urls.story_url(story.slug)),
        "publisher": organization(config),
    }
    if story.image:
        data["image"] = urls.absolute(config.site_url, story.image.src)
    if people:
        data["about"] = [
            {
                "@type": "Person",
                "name": p.name,
                "url": urls.absolute(config.site_url, urls.person_url(p.id)),
            }
            for p in people
        ]
    return data
