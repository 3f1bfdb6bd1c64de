"""A synthetic careers site with a fixed seed: jobs, stories, profiles, related cards.

Field sizes follow real listings: a job has a multi-paragraph description, lists of
responsibilities and qualifications and an about-the-team paragraph; a story has a dozen
paragraphs with headings, featured people, related cards, topics, a series and an inline
`[[card: ref]]` marker. Places are ~300 cities in many countries with real ISO 3166-2 codes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pycountry

from generator.model.urls import slug

TODAY = dt.date(2026, 11, 25)
SEED = 20261125

# Real cities with their ISO 3166-2 subdivision; the rest of the ~300 are made from subdivisions.
REAL_CITIES = """
US WA Seattle; US WA Bellevue; US WA Redmond; US CA San Francisco; US CA Palo Alto;
US CA Sunnyvale; US CA Los Angeles; US CA San Diego; US NY New York; US MA Boston;
US MA Cambridge; US TX Austin; US TX Dallas; US TX Houston; US IL Chicago; US VA Arlington;
US VA Herndon; US DC Washington; US CO Denver; US CO Boulder; US GA Atlanta;
US PA Pittsburgh; US PA Philadelphia; US OR Portland; US MN Minneapolis; US NC Raleigh;
US AZ Phoenix; US UT Salt Lake City; US TN Nashville; US FL Miami; CA ON Toronto;
CA BC Vancouver; CA QC Montréal; CA AB Calgary; CA ON Ottawa; GB LND London;
GB EDH Edinburgh; GB MAN Manchester; GB CAM Cambridge; GB OXF Oxford; GB GLG Glasgow;
DE BE Berlin; DE BY München; DE HH Hamburg; DE HE Frankfurt am Main; DE NW Köln;
DE NW Aachen; DE BW Tübingen; DE SN Dresden; FR IDF Paris; FR ARA Lyon; FR OCC Toulouse;
ES MD Madrid; ES CT Barcelona; IT MI Milano; IT RM Roma; IT TO Torino; NL NH Amsterdam;
NL ZH Rotterdam; NL ZH Delft; IE D Dublin; IN KA Bengaluru; IN TS Hyderabad; IN MH Mumbai;
IN MH Pune; IN TN Chennai; IN DL New Delhi; IN HR Gurugram; IN WB Kolkata; JP 13 Tokyo;
JP 27 Osaka; JP 26 Kyoto; CN BJ Beijing; CN SH Shanghai; CN GD Shenzhen; KR 11 Seoul;
SG 01 Singapore; AU NSW Sydney; AU VIC Melbourne; AU QLD Brisbane; BR SP São Paulo;
BR RJ Rio de Janeiro; MX CMX Ciudad de México; MX JAL Guadalajara; IL TA Tel Aviv;
IL HA Haifa; PL 14 Warszawa; SE AB Stockholm; NO 03 Oslo; DK 84 København; FI 18 Helsinki;
ZA WC Cape Town; ZA GP Johannesburg; NG LA Lagos; KE 30 Nairobi; EG C Cairo;
AR C Buenos Aires; CL RM Santiago; CO DC Bogotá; CH ZH Zürich; CH GE Genève; AT 9 Wien;
CZ 10 Praha; HU BU Budapest; RO B București; PT 11 Lisboa; TR 34 İstanbul; AE DU Dubai;
SA 01 Riyadh; VN SG Ho Chi Minh City; VN HN Hà Nội; TH 10 Bangkok; ID JK Jakarta;
PH 00 Manila; MY 14 Kuala Lumpur; NZ AUK Auckland; CR SJ San José; BE BRU Bruxelles;
LU LU Luxembourg; EE 37 Tallinn; LT VL Vilnius; UA 30 Kyiv; TW TPE Taipei;
PK PB Lahore; LK 1 Colombo; MA CAS Casablanca; GH AA Accra; PE LMA Lima; UY MO Montevideo
"""
FILL_COUNTRIES = (
    "US",
    "IN",
    "DE",
    "FR",
    "ES",
    "IT",
    "GB",
    "JP",
    "CN",
    "BR",
    "MX",
    "CA",
    "AU",
    "PL",
    "NL",
    "SE",
    "TR",
    "ID",
    "PH",
    "VN",
    "TH",
    "ZA",
    "NG",
    "KE",
    "AR",
    "CO",
    "CL",
    "PE",
    "RO",
    "CZ",
    "HU",
    "PT",
    "GR",
    "IE",
    "NO",
    "FI",
    "AT",
    "CH",
    "KR",
)
CITY_COUNT = 300

CATEGORIES = (
    "Applied Science",
    "Research Science",
    "Data Science",
    "Economics",
    "Machine Learning Engineering",
    "Quantitative Research",
    "Business Intelligence",
)
TEAM_WORDS_A = (
    "Search",
    "Shipping",
    "Alexa",
    "Retail",
    "Ads",
    "Cloud",
    "Payments",
    "Video",
    "Music",
    "Devices",
    "Robotics",
    "Forecasting",
    "Pricing",
    "Fraud",
    "Health",
    "Translation",
    "Logistics",
    "Security",
    "Vision",
    "Speech",
)
TEAM_WORDS_B = ("Science", "AI", "Economics", "Analytics")
TOPICS = (
    "Internships",
    "Machine learning",
    "Economics",
    "Robotics",
    "Forecasting",
    "Natural language",
    "Computer vision",
    "Optimisation",
    "Careers",
    "Research",
    "Responsible AI",
    "Supply chain",
    "Speech",
    "Recommendations",
    "Causal inference",
    "Reinforcement learning",
    "Statistics",
    "Quantum",
    "Security",
    "Health",
    "Sustainability",
    "Ads science",
    "Search",
    "Pricing",
    "Simulation",
)
SERIES = (
    "Intern stories",
    "Day in the life",
    "Research spotlights",
    "Leadership talks",
    "From academia",
    "Women in science",
    "Career changers",
    "Team profiles",
)
TITLES = (
    "Applied Scientist",
    "Senior Applied Scientist",
    "Principal Applied Scientist",
    "Research Scientist",
    "Senior Research Scientist",
    "Data Scientist",
    "Senior Data Scientist",
    "Economist",
    "Senior Economist",
    "Applied Science Intern",
    "Research Science Intern",
    "Machine Learning Engineer",
    "Quantitative Researcher",
    "Business Intelligence Engineer",
    "Science Manager",
)
FOCUS = (
    "Large Language Models",
    "Demand Forecasting",
    "Causal Inference",
    "Computer Vision",
    "Speech Recognition",
    "Recommendation Systems",
    "Fraud Detection",
    "Pricing",
    "Reinforcement Learning",
    "Optimisation",
    "Robotics Perception",
    "Search Ranking",
    "Ads Measurement",
    "Supply Chain Planning",
    "Multimodal Models",
    "Responsible AI",
    "Experimentation",
    "Time Series",
    "Graph Learning",
    "Query Understanding",
)
WORDS = " ".join(
    (
        "model models data customers science scientists team teams build design evaluate",
        "experiment experiments large scale learning machine deep neural network networks",
        "training inference latency quality metric metrics offline online causal effect estimate",
        "forecast demand supply chain fulfilment delivery route routing vehicle warehouse",
        "inventory price pricing auction ranking search query relevance recommendation signal",
        "signals feature features label labels annotation human feedback preference alignment",
        "safety fairness robust robustness benchmark benchmarks paper papers publish venue",
        "research researchers product products launch launches improve improves improving measure",
        "measurement test tests hypothesis statistical analysis analyses insight insights",
        "decision decisions policy policies simulation simulations optimisation solver solvers",
        "constraint constraints graph graphs embedding embeddings retrieval generation language",
        "speech audio image images video vision sensor sensors robot robots control planning",
        "agent agents reward rewards exploration uncertainty calibration bias variance regression",
        "classification clustering anomaly detection fraud risk abuse trust privacy secure",
        "distributed systems pipeline pipelines cluster compute accelerator efficient efficiency",
        "cost costs economy economics economist economists market markets incentive incentives",
        "experimentation causal structural econometric panel survey sample samples growth",
        "engagement retention conversion funnel advertiser advertisers seller sellers buyer",
        "buyers partner partners mentor mentors intern interns colleague colleagues collaborate",
        "ideas problem problems solution solutions hard ambiguous novel practical rigorous simple",
        "clear careful fast reliable across within between through into over under with without",
        "and the of to in for on at by from that which while when where how why our your their",
        "every many several new first best better more most",
    )
).split()
ROLES = (
    "Applied science intern",
    "Research scientist",
    "Economist",
    "Data scientist",
    "Science manager",
)
INSTITUTES = (
    "University of Montebello",
    "Kestrel Institute of Technology",
    "Northbridge University",
    "Lakeshore College",
    "Technical University of Varna",
    "Instituto Serrano",
    "Eastgate School of Economics",
    "Université de Bellerive",
)
FIRST = (
    "Ada",
    "Ben",
    "Chioma",
    "Dmitri",
    "Elena",
    "Farah",
    "Goran",
    "Hana",
    "Ines",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Amara",
    "Björn",
    "Chen",
    "Diego",
)
LAST = (
    "Okafor",
    "Ferraro",
    "Varga",
    "Okoye",
    "Nakamura",
    "Silva",
    "Kowalski",
    "Haddad",
    "Jensen",
    "Moreau",
    "Patel",
    "Ivanova",
    "García",
    "Lindqvist",
    "Mensah",
    "Sato",
    "Novak",
    "Rahman",
    "Costa",
    "Müller",
    "Brennan",
    "Achebe",
    "Dubois",
    "Kim",
    "Rossi",
)

IMAGE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9">'
    '<rect width="16" height="9" fill="#{color}"/></svg>\n'
)


@dataclass(frozen=True)
class SiteSize:
    jobs: int
    stories: int

    @property
    def people(self) -> int:
        return max(4, self.stories // 4)

    @property
    def label(self) -> str:
        return f"{self.jobs:,} / {self.stories:,}"


def size_for(jobs: int) -> SiteSize:
    return SiteSize(jobs, max(10, jobs // 10))


def cities(rng: random.Random) -> list[tuple[str, str, str]]:
    """~300 (country, region, city) with real ISO 3166-2 codes."""
    found = []
    seen = set()
    for entry in REAL_CITIES.replace("\n", " ").split(";"):
        cc, region, name = entry.split(maxsplit=2)
        if pycountry.subdivisions.get(code=f"{cc}-{region}") is None:
            raise ValueError(f"not an ISO 3166-2 code: {cc}-{region}")
        found.append((cc, region, name.strip()))
        seen.add((cc, region))
    pool = []
    for cc in FILL_COUNTRIES:
        for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            region = sub.code.split("-", 1)[1]
            name = re.split(r"[(/,\[]", sub.name)[0].strip()
            if (cc, region) not in seen and re.fullmatch(r"[^\W\d_][\w' .-]*", name):
                pool.append((cc, region, name))
    rng.shuffle(pool)
    found += pool[: CITY_COUNT - len(found)]
    return found


class Text:
    """Pseudo-prose from a fixed vocabulary, drawn from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, low: int = 8, high: int = 20) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, low: int = 3, high: int = 6, markup: bool = False) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(low, high))]
        if markup:
            i = self.rng.randrange(len(sentences))
            words = sentences[i].split()
            j = self.rng.randrange(1, len(words))
            words[j] = f"**{words[j].rstrip('.')}**" + ("." if words[j].endswith(".") else "")
            sentences[i] = " ".join(words)
        return wrap(" ".join(sentences))

    def item(self) -> str:
        return self.sentence(6, 16)


def wrap(text: str, width: int = 96) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def block(text: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join(indent + line if line else "" for line in text.split("\n"))


def generate(root: Path, size: SiteSize, seed: int = SEED) -> None:
    """Write the whole source tree of a synthetic site under `root` (replacing it)."""
    if root.exists():
        shutil.rmtree(root)
    rng, text, places, teams = _vocabulary(seed)
    write_config(root)
    write_images(root)
    people = write_people(root, size, rng, text, teams, places)
    related = write_related(root, rng, text)
    hiring = write_jobs(root, size, rng, text, teams, places)
    write_stories(root, size, rng, text, hiring, people, related)


def _vocabulary(seed: int):
    """The random source and what every part of a site draws from: text, places, teams."""
    rng = random.Random(seed)
    text = Text(rng)
    places = cities(rng)
    teams = sorted({f"{a} {b}" for a in TEAM_WORDS_A for b in TEAM_WORDS_B})
    return rng, text, places, sorted(rng.sample(teams, 60))


def _write(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data, encoding="utf-8")


MKDOCS_YML = """\
site_name: Northwind Science Careers
site_url: https://careers.example.org/
site_description: Stories of our interns and scientists, and every open science role.
docs_dir: content
theme:
  name: material
  language: en
  font: false
  features:
    - navigation.tabs
    - search.suggest
nav:
  - Home: index.md
  - Stories: stories/index.md
  - People: people/index.md
  - Jobs: jobs/index.md
  - Locations: jobs/locations/index.md
  - About: about.md
plugins:
  - search
  - careers:
      organization: Northwind Science
      organization_url: https://www.example.org/
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
"""

INDEX_MD = """\
# Science careers at Northwind Science

Northwind Science hires economists, applied scientists, research scientists and data scientists.

## Latest stories

[[latest-stories]]

## Newest roles

[[newest-roles]]

## Browse by location

[[places]]
"""


def write_config(root: Path) -> None:
    _write(root / "mkdocs.yml", MKDOCS_YML)
    _write(root / "content" / "index.md", INDEX_MD)
    _write(root / "content" / "about.md", "# About\n\nWho we hire and how the programme runs.\n")


IMAGES = 24


def write_images(root: Path) -> None:
    for i in range(IMAGES):
        color = f"{(i * 2654435761) & 0xFFFFFF:06x}"
        _write(root / "content" / "images" / f"img-{i:02d}.svg", IMAGE_SVG.format(color=color))


def _image(rng: random.Random, alt: str) -> str:
    return f"  src: images/img-{rng.randrange(IMAGES):02d}.svg\n  alt: {alt}\n"


def write_people(root, size, rng, text, teams, places) -> list[str]:
    ids = []
    for i in range(size.people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        pid = f"{slug(name)}-{i:04d}"
        ids.append(pid)
        cc, region, city = rng.choice(places)
        data = [
            f"name: {name}",
            f"role: {rng.choice(ROLES)}",
            f"affiliation: PhD programme in computer science, {rng.choice(INSTITUTES)}",
            "program: Science internship",
            f"team: {rng.choice(teams)}",
            f"location: {cc}, {region}, {city}",
            "photo:\n" + _image(rng, f"Illustrated portrait of {name}").rstrip("\n"),
            "bio: " + block(text.paragraph(3, 5, markup=True)),
            "quotes:",
            *[f"  - {text.sentence(10, 24)}" for _ in range(rng.randint(1, 3))],
            "interests:",
            *[f"  - {rng.choice(FOCUS)}" for _ in range(3)],
            "links:",
            f"  - title: Home page\n    url: https://example.org/people/{pid}",
        ]
        _write(root / "content" / "people" / f"{pid}.yml", "\n".join(data) + "\n")
    return ids


def write_related(root, rng, text) -> list[str]:
    lines, ids = [], []
    for i in range(50):
        rid = f"card-{i:02d}"
        ids.append(rid)
        lines += [
            f"- id: {rid}",
            f"  title: {text.sentence(4, 8).rstrip('.')}",
            f"  summary: {text.sentence(14, 26)}",
            f"  url: https://example.org/science/{rid}",
        ]
        if i % 2 == 0:
            lines += [
                "  image:",
                "  " + _image(rng, "An abstract illustration").rstrip("\n").replace("\n", "\n  "),
            ]
    _write(root / "content" / "related.yml", "\n".join(lines) + "\n")
    return ids


def job_record(job_id: str, rng, text, teams, places) -> dict:
    """One job's fields, as the YAML reader gives them (every value text)."""
    posted = TODAY - dt.timedelta(days=rng.randint(-3, 400))
    count = rng.choices((1, 2, 3), weights=(75, 18, 7))[0]
    record = {
        "id": job_id,
        "title": f"{rng.choice(TITLES)}, {rng.choice(FOCUS)}",
        "locations": [f"{cc}, {region}, {city}" for cc, region, city in rng.sample(places, count)],
        "team": rng.choice(teams),
        "category": rng.choice(CATEGORIES),
        "posted": posted.isoformat(),
        "apply_url": f"https://jobs.example.org/apply/{job_id}",
    }
    if rng.random() < 0.6:
        record["summary"] = text.sentence(14, 28)
    paragraphs = [text.paragraph(3, 6, markup=True) for _ in range(rng.randint(3, 5))]
    record["description"] = "\n\n".join(paragraphs)
    for key, low, high in (
        ("responsibilities", 4, 7),
        ("basic_qualifications", 3, 5),
        ("preferred_qualifications", 2, 4),
    ):
        record[key] = [text.item() for _ in range(rng.randint(low, high))]
    record["about_team"] = text.paragraph(2, 4)
    if rng.random() < 0.08:
        record["employment_type"] = "INTERN"
    if rng.random() < 0.06:  # closed: the deadline has passed (never before `posted`)
        closed = max(posted, TODAY - dt.timedelta(days=rng.randint(1, 60)))
        record["valid_through"] = closed.isoformat()
    elif rng.random() < 0.3:
        record["valid_through"] = (TODAY + dt.timedelta(days=rng.randint(1, 90))).isoformat()
    if rng.random() < 0.1:
        record["remote"] = "true"
    if rng.random() < 0.5:
        low = rng.randrange(90, 200) * 1000
        high = low + rng.randrange(40, 120) * 1000
        record["salary"] = {"currency": "USD", "min": str(low), "max": str(high), "unit": "YEAR"}
    if rng.random() < 0.01:
        record["draft"] = "true"
    return record


def job_yaml(record: dict) -> str:
    """A job file as an editor writes one: long text in folded blocks."""
    lines = []
    for key, value in record.items():
        if key in ("description", "about_team"):
            lines.append(f"{key}: " + block(value))
        elif isinstance(value, list):
            lines += [f"{key}:", *[f"  - {item}" for item in value]]
        elif isinstance(value, dict):
            lines += [f"{key}:", *[f"  {name}: {item}" for name, item in value.items()]]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def job_records(count: int, seed: int = SEED) -> list[dict]:
    """`count` jobs as `generate` makes them, without writing a site (for tests at scale)."""
    rng, text, places, teams = _vocabulary(seed)
    return [job_record(f"j{i:06d}", rng, text, teams, places) for i in range(count)]


def write_jobs(root, size, rng, text, teams, places) -> list[str]:
    """Write the jobs; return the teams they are in (all of them but on a very small site),
    which are the ones a story may name."""
    hiring = set()
    for i in range(size.jobs):
        record = job_record(f"j{i:06d}", rng, text, teams, places)
        _write(root / "jobs" / slug(record["team"]) / f"{record['id']}.yml", job_yaml(record))
        hiring.add(record["team"])
    return sorted(hiring)


def write_stories(root, size, rng, text, teams, people, related) -> None:
    slugs: list[str] = []
    for i in range(size.stories):
        title = text.sentence(5, 10).rstrip(".")
        story_slug = f"s{i:05d}-{slug(title)[:40].strip('-')}"
        date = TODAY - dt.timedelta(days=rng.randint(-5, 900))
        refs = rng.sample(related, rng.randint(0, 2)) + rng.sample(
            slugs, min(len(slugs), rng.randint(0, 2))
        )
        front = [
            "---",
            f"title: {title}",
            f"date: {date.isoformat()}",
            f"summary: {text.sentence(16, 30)}",
            "image:\n" + _image(rng, "An illustration for the story").rstrip("\n"),
            "people:",
            *[f"  - {p}" for p in rng.sample(people, rng.randint(1, 3))],
            "topics:",
            *[f"  - {t}" for t in rng.sample(TOPICS, rng.randint(1, 3))],
            "teams:",
            *[f"  - {t}" for t in rng.sample(teams, rng.randint(1, 2))],
        ]
        if rng.random() < 0.4:
            front.append(f"series: {rng.choice(SERIES)}")
        if refs:
            front += ["related:", *[f"  - {r}" for r in refs]]
        if rng.random() < 0.1:
            front.append(f"updated: {(date + dt.timedelta(days=7)).isoformat()}")
        front.append("---")
        body = []
        for part in range(rng.randint(3, 5)):
            if part:
                body.append(f"## {text.sentence(3, 6).rstrip('.')}")
            body += [text.paragraph(3, 6, markup=True) for _ in range(rng.randint(2, 4))]
            if part == 1 and refs:
                body.append(f"[[card: {rng.choice(refs)}]]")
        _write(
            root / "stories" / str(date.year) / f"{story_slug}.md",
            "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n",
        )
        slugs.append(story_slug)


def _field(data: str, key: str) -> str | None:
    found = re.search(rf"^{key}: (.*)$", data, flags=re.M)
    return found.group(1).strip() if found else None


def _job_is_open(data: str) -> bool:
    """Open on TODAY and posted before it (so that closing it yesterday is a valid edit): the
    model's rule (generator/model/site.py, `job_is_open`) read off a job file of this format."""
    closes = _field(data, "valid_through")
    return (
        _field(data, "draft") != "true"
        and dt.date.fromisoformat(_field(data, "posted")) < TODAY
        and (closes is None or dt.date.fromisoformat(closes) >= TODAY)
    )


def job_title(path: Path) -> str:
    return _field(path.read_text(encoding="utf-8"), "title") or ""


def open_job(root: Path, start: int) -> Path:
    """The first open job from `j{start}` on (the job files of `generate`, in id order)."""
    for path in sorted((root / "jobs").glob("*/j*.yml"), key=lambda p: p.stem):
        if path.stem >= f"j{start:06d}" and _job_is_open(path.read_text(encoding="utf-8")):
            return path
    raise LookupError(f"no open job from j{start:06d} on under {root / 'jobs'}")


def published_story(root: Path, start: int) -> Path:
    """The first story from `s{start}` on whose date has come (so that it has a page)."""
    for path in sorted((root / "stories").glob("*/s*.md"), key=lambda p: p.name):
        if path.name < f"s{start:05d}":
            continue
        if dt.date.fromisoformat(_field(path.read_text(encoding="utf-8"), "date")) <= TODAY:
            return path
    raise LookupError(f"no published story from s{start:05d} on under {root / 'stories'}")


def edit_job(root: Path, index: int = 7, marker: str = "An edited first sentence.") -> Path:
    """Change one open job's title and add `marker` as its description's first sentence, as an
    editor would (the first open job from `j{index}` on). Returns the file."""
    path = open_job(root, index)
    data = path.read_text(encoding="utf-8")
    data = re.sub(r"^title: (.*)$", r"title: \1 (edited)", data, count=1, flags=re.M)
    data = data.replace("description: |\n", f"description: |\n  {marker}\n\n", 1)
    path.write_text(data, encoding="utf-8")
    return path


def edit_story(
    root: Path,
    index: int = 3,
    marker: str = "An editor added this paragraph to see the preview refresh.",
) -> Path:
    """Add `marker` as a paragraph at the end of one published story (the first from `s{index}`
    on). Returns the file."""
    path = published_story(root, index)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{marker}\n")
    return path


def add_job(root: Path, job_id: str, seed: int = SEED) -> Path:
    """Write a new open job file in the synthetic format (its fields drawn from `seed` and the
    id): posted a week before TODAY, no deadline, not a draft. Returns the file."""
    _, _, places, teams = _vocabulary(seed)
    rng = random.Random(f"{seed}-{job_id}")
    record = job_record(job_id, rng, Text(rng), teams, places)
    record["posted"] = (TODAY - dt.timedelta(days=7)).isoformat()
    for key in ("valid_through", "draft"):
        record.pop(key, None)
    path = root / "jobs" / slug(record["team"]) / f"{job_id}.yml"
    if path.exists():
        raise FileExistsError(path)
    _write(path, job_yaml(record))
    return path


def close_job(root: Path, index: int) -> Path:
    """Close the first open job from `j{index}` on: its last day (`valid_through`) becomes the
    day before TODAY, so it is no longer open (noindex, out of listings and feeds). Returns the
    file."""
    path = open_job(root, index)
    data = re.sub(r"^valid_through: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    path.write_text(
        data.replace("\napply_url: ", f"\nvalid_through: {yesterday}\napply_url: ", 1),
        encoding="utf-8",
    )
    return path
