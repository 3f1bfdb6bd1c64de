"""A big company's job list for size and speed tests: the benchmark's synthetic jobs
(bench/synth.py, fixed seed), built straight into the model, without YAML files or MkDocs."""

from __future__ import annotations

import functools

from bench.synth import TODAY, job_records
from generator.config import CareersOptions, SiteConfig
from generator.model.records import Job
from generator.model.site import Site
from generator.pages.plan import Plan, plan_site


def synthetic_jobs(count: int = 20_000) -> list[Job]:
    return [Job.model_validate(record) for record in job_records(count)]


@functools.cache
def twenty_thousand_jobs_plan() -> Plan:
    options = CareersOptions(organization="Big")
    config = SiteConfig("Big Careers", "https://careers.example.org/", options=options)
    return plan_site(Site(config, TODAY, jobs=synthetic_jobs()))
