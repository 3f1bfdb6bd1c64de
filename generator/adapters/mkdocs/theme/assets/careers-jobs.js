/* Open roles in the browser: the filters of /jobs/, and open roles in the header search.
 *
 * Filters for /jobs/: country, region, city, team, category, remote and free text.
 * The page works without this script: it lists the newest roles and links every place, team and
 * category listing. With it, the empty #careers-filters placeholder becomes a filter form fed by
 * the compact jobs index (jobs/index.json, see generator/job_index.py), fetched after the page
 * has loaded. The filter state lives in the query string (?city=us-ma-boston&team=...), so a view
 * can be shared and the back button walks through earlier views. Free text is `text=`, never
 * `q=`: Material opens its own search dialog for a `q` in the URL. No third-party code, no
 * requests to other hosts.
 *
 * Header search, on every page: Material's search index holds no job pages (20,000 of them would
 * swamp it), so its results get one more entry, "Search N open roles for “X”", leading to
 * /jobs/?text=X, and the first few matching roles. It loads jobs/index.json the first time the
 * reader focuses the search field, and counts with the same matching as the filters.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var TYPING_DELAY = 200;
  var PARAMS = ["text", "country", "region", "city", "team", "category", "remote"];

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function keyOf(url) {
    // "locations/us/ma/boston/" -> "us-ma-boston"; "teams/search-science/" -> "search-science"
    return url.replace(/^(locations|teams|categories)\//, "").replace(/\/$/, "").split("/").join("-");
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatDate(days) {
    return new Date(days * 864e5).toLocaleDateString("en-GB", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC"
    });
  }

  function isoDate(days) {
    return new Date(days * 864e5).toISOString().slice(0, 10);
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  /* The index -> lookup tables with absolute URLs, without the roles closed by the reader's
     date. Each place, team and category is folded for search once; a job's own search text is
     made the first time a search needs it. */
  function prepare(data, base) {
    function absolute(url) { return new URL(url, base).href; }
    var countries = data.c.map(function (c, i) {
      return {
        i: i, code: c[0], name: c[1], url: absolute(c[2]), key: keyOf(c[2]),
        text: fold(c[1] + " " + c[0])
      };
    });
    var regions = data.r.map(function (r, i) {
      return {
        i: i, country: r[0], code: r[1], name: r[2], url: absolute(r[3]), key: keyOf(r[3]),
        text: fold(r[2] + " " + r[1]) + " " + countries[r[0]].text
      };
    });
    var cities = data.l.map(function (l, i) {
      return {
        i: i, region: l[0], name: l[1], url: absolute(l[2]), key: keyOf(l[2]),
        text: fold(l[1]) + " " + regions[l[0]].text
      };
    });
    var teams = data.t.map(function (t, i) {
      return { i: i, name: t[0], url: absolute(t[1]), key: keyOf(t[1]), text: fold(t[0]) };
    });
    var categories = data.k.map(function (k, i) {
      return { i: i, name: k[0], url: absolute(k[1]), key: keyOf(k[1]), text: fold(k[0]) };
    });
    // A role whose last day (`closes`, a day number; 0: none) has passed on the reader's own
    // date has left the listings, even if the site was built before that day.
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 864e5;
    var stillOpen = data.j.filter(function (j) { return !j[7] || j[7] >= today; });
    var jobs = stillOpen.map(function (j) {
      var job = {
        id: j[0], title: j[1], cities: j[2], team: j[3], category: j[4], posted: j[5],
        remote: j[6] === 1, regions: [], countries: [], text: null
      };
      for (var n = 0; n < job.cities.length; n += 1) {
        var region = regions[cities[job.cities[n]].region];
        if (job.regions.indexOf(region.i) < 0) job.regions.push(region.i);
        if (job.countries.indexOf(region.country) < 0) job.countries.push(region.country);
      }
      return job;
    });
    return {
      countries: countries, regions: regions, cities: cities, teams: teams,
      categories: categories, jobs: jobs, feed: absolute(data.feed), folder: absolute("./")
    };
  }

  /* What a free-text search looks in: id, title, team, category, places, "remote". */
  function searchText(index, job) {
    if (job.text === null) {
      var words = [fold(job.id + " " + job.title), index.teams[job.team].text,
        index.categories[job.category].text];
      job.cities.forEach(function (c) { words.push(index.cities[c].text); });
      if (job.remote) words.push("remote");
      job.text = words.join(" ");
    }
    return job.text;
  }

  /* Does the job hold every word (folded) of a free-text search? */
  function matchesWords(index, job, words) {
    if (!words.length) return true;
    var text = searchText(index, job);
    return words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function searchWords(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  /* The jobs index at `url`, fetched and prepared once per page. */
  var loaded = {};
  function loadIndex(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { return prepare(data, new URL(url)); });
      loaded[url].catch(function () { delete loaded[url]; });  // a later call tries again
    }
    return loaded[url];
  }

  function byKey(list) {
    var found = {};
    list.forEach(function (item) { found[item.key] = item; });
    return found;
  }

  function emptyState() {
    return { text: "", country: -1, region: -1, city: -1, team: -1, category: -1, remote: false };
  }

  function Browser(root, results, index) {
    this.root = root;
    this.results = results;
    this.index = index;
    this.keys = {
      country: byKey(index.countries), region: byKey(index.regions), city: byKey(index.cities),
      team: byKey(index.teams), category: byKey(index.categories)
    };
    this.state = emptyState();
    // A result row is the page's own job_row markup (_macros.html, in the filters' data-row:
    // an attribute, so no link checker or crawler takes it for a role), filled in.
    var row = document.createElement("template");
    row.innerHTML = root.getAttribute("data-row");
    this.prototype = row.content.querySelector("li");
    this.typing = false; // the current history entry was made by typing in the search field
    this.timer = null;
    this.matched = [];
    this.shown = 0;
  }

  Browser.prototype.build = function () {
    var self = this;
    var form = el("form", {
      "class": "careers-filter-form", role: "search", "aria-label": "Filter open roles"
    });
    var fields = el("div", { "class": "careers-filter-fields", id: "careers-filter-fields" });
    function field(name, label, control, parent) {
      var wrap = el("div", { "class": "careers-filter careers-filter--" + name });
      wrap.appendChild(el("label", { "for": "careers-" + name }, label));
      wrap.appendChild(control);
      (parent || fields).appendChild(wrap);
      return control;
    }
    this.search = field("text", "Search", el("input", {
      type: "search", id: "careers-text", name: "text", autocomplete: "off",
      placeholder: "Title, team, place or job ID"
    }), form);
    // Phones show the search field and this button; the other filters open below it.
    this.toggle = el("button", {
      type: "button", "class": "careers-filter-toggle", "aria-expanded": "false",
      "aria-controls": "careers-filter-fields"
    });
    this.toggleLabel = el("span", {}, "Filters");
    this.toggleCount = el("span", { "class": "careers-filter-toggle__count" });
    this.toggle.appendChild(this.toggleLabel);
    this.toggle.appendChild(this.toggleCount);
    form.appendChild(this.toggle);
    form.appendChild(fields);
    this.selects = {
      country: field("country", "Country", el("select", { id: "careers-country", name: "country" })),
      region: field("region", "Region", el("select", { id: "careers-region", name: "region" })),
      city: field("city", "City", el("select", { id: "careers-city", name: "city" })),
      team: field("team", "Team", el("select", { id: "careers-team", name: "team" })),
      category: field("category", "Category", el("select", { id: "careers-category", name: "category" }))
    };
    var check = el("label", { "class": "careers-filter careers-filter--remote", "for": "careers-remote" });
    this.remote = el("input", { type: "checkbox", id: "careers-remote", name: "remote", value: "1" });
    this.remoteLabel = el("span", {}, "Remote only");
    check.appendChild(this.remote);
    check.appendChild(this.remoteLabel);
    fields.appendChild(check);
    this.clear = el("button", { type: "button", "class": "md-button careers-filter-clear" }, "Clear filters");
    form.appendChild(this.clear);

    // The count under the page's heading becomes the live count of the filtered roles.
    this.status = document.querySelector(".careers-listing--all > .careers-count") ||
      el("p", { "class": "careers-count" });
    this.status.id = "careers-status";
    this.status.setAttribute("role", "status");
    this.status.classList.add("careers-filter-status");
    this.feed = el("p", { "class": "careers-subscribe careers-view-feed" });
    this.feedLink = el("a", { id: "careers-view-feed" });
    this.feedNote = el("span", { "class": "careers-view-feed__note" });
    this.feed.appendChild(this.feedLink);
    this.feed.appendChild(document.createTextNode(" "));
    this.feed.appendChild(this.feedNote);

    this.root.textContent = "";
    this.root.appendChild(form);
    if (!this.status.parentNode) this.root.appendChild(this.status);
    this.root.appendChild(this.feed);

    this.toggle.addEventListener("click", function () {
      var open = self.toggle.getAttribute("aria-expanded") !== "true";
      self.toggle.setAttribute("aria-expanded", String(open));
      self.root.classList.toggle("careers-filters--open", open);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.fromSearch("push");
    });
    this.search.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () {
        self.fromSearch(self.typing ? "replace" : "push");
        self.typing = true;
      }, TYPING_DELAY);
    });
    Object.keys(this.selects).forEach(function (name) {
      self.selects[name].addEventListener("change", function () { self.choose(name, this.value); });
    });
    this.remote.addEventListener("change", function () {
      self.state.remote = self.remote.checked;
      self.commit("push");
    });
    this.clear.addEventListener("click", function () {
      clearTimeout(self.timer);
      self.state = emptyState();
      self.commit("push");
      self.search.focus();
    });
    window.addEventListener("popstate", function () {
      clearTimeout(self.timer);
      self.typing = false;
      self.state = self.read();
      self.render();
    });
  };

  Browser.prototype.fromSearch = function (mode) {
    clearTimeout(this.timer);
    if (this.search.value === this.state.text) return;
    this.state.text = this.search.value;
    this.commit(mode);
  };

  /* A select changed: keep country > region > city consistent, then record the view. */
  Browser.prototype.choose = function (name, key) {
    var item = key ? this.keys[name][key] : null;
    var s = this.state, index = this.index;
    s[name] = item ? item.i : -1;
    if (name === "city" && item) {
      s.region = item.region;
      s.country = index.regions[item.region].country;
    } else if (name === "region") {
      if (item) s.country = item.country;
      if (s.city >= 0 && (!item || index.cities[s.city].region !== item.i)) s.city = -1;
    } else if (name === "country") {
      if (s.region >= 0 && (!item || index.regions[s.region].country !== item.i)) s.region = -1;
      if (s.region < 0) s.city = -1;
    }
    this.commit("push");
  };

  Browser.prototype.commit = function (mode) {
    if (mode === "push") this.typing = false;
    var url = this.url();
    if (url !== location.pathname + location.search + location.hash) {
      history[mode === "push" ? "pushState" : "replaceState"]({ careersJobs: true }, "", url);
    }
    this.render();
  };

  /* The view's URL: ?text=...&country=us&region=us-ma&city=us-ma-boston&team=...&remote=1 */
  Browser.prototype.url = function () {
    var s = this.state, index = this.index, params = new URLSearchParams();
    if (s.text.trim()) params.set("text", s.text.trim());
    if (s.country >= 0) params.set("country", index.countries[s.country].key);
    if (s.region >= 0) params.set("region", index.regions[s.region].key);
    if (s.city >= 0) params.set("city", index.cities[s.city].key);
    if (s.team >= 0) params.set("team", index.teams[s.team].key);
    if (s.category >= 0) params.set("category", index.categories[s.category].key);
    if (s.remote) params.set("remote", "1");
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  };

  /* The view the URL asks for; unknown values are ignored, a city implies its region and country. */
  Browser.prototype.read = function () {
    var params = new URLSearchParams(location.search), keys = this.keys, index = this.index;
    var s = emptyState();
    function pick(name) {
      var item = keys[name][params.get(name) || ""];
      return item ? item.i : -1;
    }
    s.text = params.get("text") || "";
    s.country = pick("country");
    s.region = pick("region");
    s.city = pick("city");
    s.team = pick("team");
    s.category = pick("category");
    s.remote = params.get("remote") === "1";
    if (s.city >= 0) s.region = index.cities[s.city].region;
    if (s.region >= 0) s.country = index.regions[s.region].country;
    return s;
  };

  Browser.prototype.active = function () {
    return PARAMS.some(function (name) {
      var value = this.state[name];
      return name === "text" ? value.trim() !== "" : name === "remote" ? value : value >= 0;
    }, this);
  };

  /* How many filters other than the search text are chosen (the phones' "Filters (2)"). */
  Browser.prototype.chosen = function () {
    var s = this.state;
    return ["country", "region", "city", "team", "category"].filter(function (name) {
      return s[name] >= 0;
    }).length + (s.remote ? 1 : 0);
  };

  /* One pass over the jobs: the matches, and for every facet the counts its options would give. */
  Browser.prototype.count = function () {
    var s = this.state, index = this.index;
    var words = searchWords(s.text);
    var counts = {
      country: new Array(index.countries.length).fill(0),
      region: new Array(index.regions.length).fill(0),
      city: new Array(index.cities.length).fill(0),
      team: new Array(index.teams.length).fill(0),
      category: new Array(index.categories.length).fill(0),
      remote: 0, place: 0, anyTeam: 0, anyCategory: 0
    };
    var matched = [];
    index.jobs.forEach(function (job) {
      if (!matchesWords(index, job, words)) return;
      var place = s.city >= 0 ? job.cities.indexOf(s.city) >= 0
        : s.region >= 0 ? job.regions.indexOf(s.region) >= 0
          : s.country >= 0 ? job.countries.indexOf(s.country) >= 0 : true;
      var team = s.team < 0 || job.team === s.team;
      var category = s.category < 0 || job.category === s.category;
      var remote = !s.remote || job.remote;
      if (team && category && remote) {
        counts.place += 1;
        job.countries.forEach(function (c) { counts.country[c] += 1; });
        job.regions.forEach(function (r) { counts.region[r] += 1; });
        job.cities.forEach(function (c) { counts.city[c] += 1; });
      }
      if (place && category && remote) { counts.team[job.team] += 1; counts.anyTeam += 1; }
      if (place && team && remote) { counts.category[job.category] += 1; counts.anyCategory += 1; }
      if (place && team && category) {
        if (job.remote) counts.remote += 1;
        if (remote) matched.push(job);
      }
    });
    this.matched = matched;
    return counts;
  };

  Browser.prototype.render = function () {
    var s = this.state, index = this.index, self = this;
    var counts = this.count();
    if (this.search.value !== s.text) this.search.value = s.text;
    var regionLabel = function (r) {
      return s.country >= 0 ? r.name : r.name + ", " + index.countries[r.country].code;
    };
    var cityLabel = function (c) {
      var region = index.regions[c.region];
      if (s.region >= 0) return c.name;
      if (s.country >= 0) return c.name + ", " + region.name;
      return c.name + ", " + region.code + ", " + index.countries[region.country].code;
    };
    this.options("country", "All countries", counts.place, index.countries, counts.country,
      function (c) { return c.name; }, function () { return true; });
    // "All regions" keeps the chosen country, "All cities" the chosen region: count what they keep
    var inCountry = s.country >= 0 ? counts.country[s.country] : counts.place;
    var inRegion = s.region >= 0 ? counts.region[s.region] : inCountry;
    this.options("region", "All regions", inCountry, index.regions, counts.region, regionLabel,
      function (r) { return s.country < 0 || r.country === s.country; });
    this.options("city", "All cities", inRegion, index.cities, counts.city, cityLabel,
      function (c) {
        if (s.region >= 0) return c.region === s.region;
        return s.country < 0 || index.regions[c.region].country === s.country;
      });
    this.options("team", "All teams", counts.anyTeam, index.teams, counts.team,
      function (t) { return t.name; }, function () { return true; });
    this.options("category", "All categories", counts.anyCategory, index.categories, counts.category,
      function (k) { return k.name; }, function () { return true; });
    this.remote.checked = s.remote;
    this.remoteLabel.textContent = "Remote only (" + counts.remote + ")";
    var chosen = this.chosen();
    this.toggleCount.textContent = chosen ? "(" + chosen + ")" : "";
    this.toggle.setAttribute("aria-label", chosen ? "Filters, " + chosen + " chosen" : "Filters");

    var total = index.jobs.length, found = this.matched.length;
    // With no match, the empty state below holds the one "Clear filters" button.
    this.clear.hidden = !this.active() || found === 0;
    this.status.textContent = !this.active() ? "All " + plural(total, "open role", "open roles")
      : found + " of " + plural(total, "open role", "open roles") + " match";
    this.subscribe();
    this.shown = 0;
    this.results.textContent = "";
    if (found === 0) {
      var none = el("div", { "class": "careers-no-results" });
      none.appendChild(el("p", { "class": "careers-no-results__title" }, "No open roles match these filters."));
      none.appendChild(el("p", {}, "Try fewer words, another place or team, or start again."));
      var reset = el("button", { type: "button", "class": "md-button md-button--primary" }, "Clear filters");
      reset.addEventListener("click", function () { self.clear.click(); });
      none.appendChild(reset);
      this.results.appendChild(none);
      return;
    }
    this.list = el("ul", { "class": "careers-jobs", "aria-label": "Matching roles" });
    this.results.appendChild(this.list);
    this.more = el("button", { type: "button", "class": "md-button careers-more" });
    this.more.addEventListener("click", function () { self.showMore(true); });
    this.results.appendChild(this.more);
    this.showMore(false);
  };

  /* Rebuild a select: options with matches (and the chosen one), each with its count. */
  Browser.prototype.options = function (name, allLabel, allCount, items, counts, label, fits) {
    var select = this.selects[name], chosen = this.state[name];
    var choices = [["", allLabel + " (" + allCount + ")"]];
    var shown = items.filter(function (item) {
      return item.i === chosen || (counts[item.i] > 0 && fits(item));
    });
    shown.sort(function (a, b) { return label(a).localeCompare(label(b)); });
    shown.forEach(function (item) {
      choices.push([item.key, label(item) + " (" + counts[item.i] + ")"]);
    });
    var signature = JSON.stringify(choices);
    if (select.getAttribute("data-options") !== signature) {
      select.textContent = "";
      choices.forEach(function (choice) {
        select.appendChild(el("option", { value: choice[0] }, choice[1]));
      });
      select.setAttribute("data-options", signature);
    }
    select.value = chosen >= 0 ? items[chosen].key : "";
  };

  /* "Subscribe to this view": the narrowest pre-built feed that holds the view. It names the
     view exactly when the filters are nothing, one place, one team, one category, or a team or a
     category at a place (those feeds exist wherever they have open roles); otherwise the note
     says which broader feed it offers. */
  Browser.prototype.subscribe = function () {
    var s = this.state, index = this.index;
    var place = s.city >= 0 ? index.cities[s.city] : s.region >= 0 ? index.regions[s.region]
      : s.country >= 0 ? index.countries[s.country] : null;
    var team = s.team >= 0 ? index.teams[s.team] : null;
    var category = s.category >= 0 ? index.categories[s.category] : null;
    var exact = !s.remote && !s.text.trim() && !(team && category);
    var feed = narrowestFeed(index, place, team, category);
    this.feedLink.href = new URL("feed.xml", feed.url).href;
    this.feedLink.textContent = exact ? "Subscribe to this view" : "Subscribe to " + feed.what;
    this.feedNote.textContent = exact ? "(RSS feed of " + feed.what + ")"
      : "(RSS; no feed holds exactly this view: this is the narrowest that holds it)";
  };

  /* The narrowest feed holding every open role at `place` (or anywhere) of `team` and of
     `category` (either may be null): a team or a category at the place when that listing
     exists, else the place, the team, the category, or all open roles. */
  function narrowestFeed(index, place, team, category) {
    var locations = new URL("locations/", index.folder).href;
    var scopes = [[team, "team"], [category, "category"]];
    for (var n = 0; n < scopes.length; n += 1) {
      var scope = scopes[n][0];
      if (scope && place && hasRoles(index, place, scopes[n][1], scope.i)) {
        var here = place.url.slice(locations.length);
        var what = scope.name + " roles in " + place.name;
        return { url: new URL(here, scope.url).href, what: what };
      }
    }
    if (place) return { url: place.url, what: "open roles in " + place.name };
    if (team) return { url: team.url, what: "open roles on the " + team.name + " team" };
    if (category) return { url: category.url, what: "open roles in " + category.name };
    return { url: index.feed.replace(/feed\.xml$/, ""), what: "all open roles" };
  }

  /* Whether an open role of the team (or category) number `i` is at `place` or below it. */
  function hasRoles(index, place, kind, i) {
    return index.jobs.some(function (job) {
      if (job[kind] !== i) return false;
      if (index.cities.indexOf(place) >= 0) return job.cities.indexOf(place.i) >= 0;
      if (index.regions.indexOf(place) >= 0) return job.regions.indexOf(place.i) >= 0;
      return job.countries.indexOf(place.i) >= 0;
    });
  }

  Browser.prototype.showMore = function (focus) {
    var start = this.shown, end = Math.min(this.matched.length, start + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    for (var i = start; i < end; i += 1) fragment.appendChild(this.row(this.matched[i]));
    this.list.appendChild(fragment);
    this.shown = end;
    var left = this.matched.length - end;
    this.more.hidden = left <= 0;
    this.more.textContent = "Show " + Math.min(left, PAGE_SIZE) + " more (" + left + " not shown)";
    if (focus && end > start) this.list.children[start].querySelector("a").focus();
  };

  /* One result: a copy of the row the server renders with the job_row macro of
     generator/render/templates/_macros.html (the filters' data-row), filled with the job. */
  Browser.prototype.row = function (job) {
    var index = this.index;
    var item = this.prototype.cloneNode(true);
    var title = item.querySelector(".careers-job__title");
    title.href = index.folder + encodeURIComponent(job.id) + "/";
    title.textContent = job.title;
    var code = item.querySelector(".careers-code");
    job.cities.forEach(function (c) {
      var city = index.cities[c], region = index.regions[city.region];
      var place = code.cloneNode(false);
      place.textContent = index.countries[region.country].code + ", " + region.code + ", " + city.name;
      code.parentNode.insertBefore(place, code);
    });
    code.remove();
    var tag = item.querySelector(".careers-tag");
    if (!job.remote) {
      tag.previousSibling.remove(); // the space before the tag
      tag.remove();
    }
    item.querySelector(".careers-job__team").textContent =
      index.teams[job.team].name + " · " + index.categories[job.category].name;
    var time = item.querySelector("time");
    time.setAttribute("datetime", isoDate(job.posted));
    time.textContent = formatDate(job.posted);
    return item;
  };

  function start(root, results, index) {
    var browser = new Browser(root, results, index);
    browser.build();
    browser.state = browser.read();
    browser.render();
    root.setAttribute("data-ready", "true");
    return browser;
  }

  function initFilters() {
    var root = document.getElementById("careers-filters");
    var results = document.getElementById("careers-results");
    if (!root || !results || root.hasAttribute("data-ready")) return;
    root.setAttribute("data-ready", "loading");
    var url = new URL(root.getAttribute("data-index"), document.baseURI).href;
    root.hidden = false;
    var loading = el("p", { "class": "careers-filter-status", role: "status" }, "Loading filters…");
    root.appendChild(loading);
    loadIndex(url)
      .then(function (index) { start(root, results, index); })
      .catch(function () {
        root.setAttribute("data-ready", "failed");
        loading.textContent = "The filters could not be loaded: browse by location, team or category below.";
      });
  }

  /* --- Open roles in the header search ------------------------------------------------------ */

  var ROLES_SHOWN = 3;

  function siteIndexUrl() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/") + "jobs/index.json", location.href).href;
  }

  /* Material's keyboard handling reads data-md-score from the first element inside every link of
     its results (Enter opens the best one): ours carry a score below any document's. */
  function resultLink(href, text, className) {
    var link = el("a", { href: href, "class": className });
    link.appendChild(el("span", { "data-md-score": "0" }, text));
    return link;
  }

  function HeaderSearch(input, results) {
    this.input = input;
    this.index = null;
    this.timer = null;
    this.entry = el("div", { "class": "careers-search-roles", hidden: "" });
    // After Material's first child (the "N matching documents" line), before its list: Material
    // finds those two as its first and last child.
    results.insertBefore(this.entry, results.firstElementChild.nextSibling);
  }

  HeaderSearch.prototype.load = function () {
    var self = this;
    loadIndex(siteIndexUrl()).then(function (index) {
      self.index = index;
      self.update();
    }, function () { /* no entry: the header search works as before */ });
  };

  HeaderSearch.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.update(); }, 120);
  };

  HeaderSearch.prototype.update = function () {
    var index = this.index, query = this.input.value.trim(), entry = this.entry;
    entry.textContent = "";
    entry.hidden = !index || !query;
    if (entry.hidden) return;
    var words = searchWords(query);
    var found = index.jobs.filter(function (job) { return matchesWords(index, job, words); });
    var jobs = index.folder;
    if (!found.length) {
      entry.appendChild(el("p", { "class": "careers-search-roles__none" }, "No open roles match “" + query + "”."));
      entry.appendChild(resultLink(jobs, "Browse all " + plural(index.jobs.length, "open role", "open roles"),
        "careers-search-roles__link"));
      return;
    }
    entry.appendChild(resultLink(jobs + "?" + new URLSearchParams({ text: query }).toString(),
      "Search " + plural(found.length, "open role", "open roles") + " for “" + query + "”",
      "careers-search-roles__link"));
    var list = el("ul", { "class": "careers-search-roles__list", "aria-label": "Matching open roles" });
    found.slice(0, ROLES_SHOWN).forEach(function (job) {
      var item = el("li");
      item.appendChild(resultLink(index.folder + encodeURIComponent(job.id) + "/", job.title,
        "careers-search-roles__role"));
      list.appendChild(item);
    });
    entry.appendChild(list);
  };

  function initHeaderSearch() {
    var input = document.querySelector("input.md-search__input");
    var results = document.querySelector("[data-md-component=search-result]");
    if (!input || !results || input.hasAttribute("data-careers-roles")) return;
    input.setAttribute("data-careers-roles", "");
    var search = new HeaderSearch(input, results);
    var first = function () {
      input.removeEventListener("focus", first);
      search.load();
    };
    input.addEventListener("focus", first);
    input.addEventListener("input", function () { search.schedule(); });
    if (document.activeElement === input) first();
  }

  function init() {
    initFilters();
    initHeaderSearch();
  }

  // Material's instant navigation swaps pages without reloading scripts: it announces each new
  // page on document$. Without it, run once the document is parsed.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
