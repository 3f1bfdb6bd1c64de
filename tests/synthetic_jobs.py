"""A big company's job list, made up with a fixed seed: 20,000 open jobs for size and speed tests.

Titles, teams and categories are drawn from small vocabularies the way real listings repeat
them; places are 300 cities in 20 countries (real ISO 3166-2 regions); one job in five has two to
four locations and one in twenty is remote. Built straight into the model, without YAML or MkDocs.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

import pycountry

from generator.config import CareersOptions, SiteConfig
from generator.model.records import Job
from generator.model.site import Site
from generator.pages.plan import Plan, plan_site

TODAY = dt.date(2026, 11, 25)
COUNTRIES = (
    "US",
    "IN",
    "DE",
    "GB",
    "CA",
    "FR",
    "JP",
    "BR",
    "ES",
    "IT",
    "AU",
    "NL",
    "PL",
    "SE",
    "MX",
    "CN",
    "KR",
    "SG",
    "IE",
    "IL",
)
TEAMS = [
    f"{area} {field}"
    for area in (
        "Search",
        "Ads",
        "Alexa",
        "Prime Video",
        "Logistics",
        "Retail",
        "Cloud",
        "Devices",
        "Payments",
        "Health",
        "Robotics",
        "Music",
    )
    for field in (
        "Science",
        "Data",
        "Intelligence",
        "Economics",
        "Forecasting",
        "Machine Learning",
        "Optimization",
        "Personalization",
        "Language",
        "Vision",
        "Trust",
        "Experimentation",
    )
]
CATEGORIES = [
    "Applied Science",
    "Research Science",
    "Data Science",
    "Economics",
    "Language Data Science",
    "Business Intelligence",
    "Machine Learning Engineering",
    "Quantitative Research",
]
PREFIXES = ["aai", "alx", "ftv", "iss", "qbd", "rai", "shp"]
LEVELS = ["", "Senior ", "Principal ", "Sr. ", "Lead "]
ROLES = [
    "Applied Scientist",
    "Research Scientist",
    "Data Scientist",
    "Economist",
    "Language Data Scientist",
    "Machine Learning Scientist",
    "Research Economist",
    "Applied Science Manager",
    "Scientist Intern",
]
TOPICS = [
    "Large Language Models",
    "Forecasting",
    "Causal Inference",
    "Computer Vision",
    "Recommendations",
    "Speech Recognition",
    "Pricing",
    "Supply Chain Optimization",
    "Fraud Detection",
    "Robotics Perception",
    "Search Relevance",
    "Experimentation Platform",
    "Ads Measurement",
    "Generative AI",
    "Reinforcement Learning",
]


def _cities(rng: random.Random, count: int = 300) -> list[str]:
    regions = sorted(sub.code for sub in pycountry.subdivisions if sub.country_code in COUNTRIES)
    rng.shuffle(regions)
    cities = []
    for number, code in enumerate(regions[:count]):
        country, region = code.split("-", 1)
        cities.append(
            f"{country}, {region}, {rng.choice(['Port', 'Nova', 'Saint', 'Lake'])} "
            f"{rng.choice(['Alder', 'Birch', 'Cedar', 'Elm', 'Maple'])} {number}"
        )
    return cities


def synthetic_jobs(count: int = 20_000, seed: int = 20261125) -> list[Job]:
    rng = random.Random(seed)
    cities = _cities(rng)
    jobs = []
    for number in range(count):
        places = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        jobs.append(
            Job.model_validate(
                {
                    "id": f"{rng.choice(PREFIXES)}-{3_000_000 + number * 7}",
                    "title": f"{rng.choice(LEVELS)}{rng.choice(ROLES)}, {rng.choice(TOPICS)}",
                    "locations": rng.sample(cities, places),
                    "team": rng.choice(TEAMS),
                    "category": rng.choice(CATEGORIES),
                    "posted": (TODAY - dt.timedelta(days=rng.randint(0, 400))).isoformat(),
                    "apply_url": f"https://jobs.example.org/apply/{number}",
                    "description": "Build models that help people.",
                    "remote": "true" if rng.random() < 0.05 else "false",
                }
            )
        )
    return jobs


@functools.cache
def twenty_thousand_jobs_plan() -> Plan:
    config = SiteConfig(
        "Big Careers", "https://careers.example.org/", options=CareersOptions(organization="Big")
    )
    return plan_site(Site(config, TODAY, jobs=synthetic_jobs()))
