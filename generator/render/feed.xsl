<?xml version="1.0" encoding="UTF-8"?>
<!--
  The page a browser shows for any of the site's RSS 2.0 or Atom 1.0 files: the feed's title and
  description, how to subscribe (its address, to copy into a feed reader), and its items as links
  with their dates and summaries. Every RSS and Atom file names this stylesheet in its
  <?xml-stylesheet?> instruction; the build writes it at the site's root. Styles are inline:
  the page fetches nothing, from this site or any other.

  An item's summary is the HTML the feed carries (RSS <description>, Atom <content>), which the
  generator wrote from escaped text. Browsers that run XSLT with libxslt (Chromium, Safari) copy
  it as HTML (disable-output-escaping); Firefox's XSLT cannot, so there it is shown as plain
  text, its tags removed (the `plain` parameter, also how tests exercise that path).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:param name="plain" select="system-property('xsl:vendor') = 'Transformiix'"/>
  <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="rss/channel">
        <xsl:call-template name="page">
          <xsl:with-param name="format" select="'RSS'"/>
          <xsl:with-param name="language" select="rss/channel/language"/>
          <xsl:with-param name="title" select="rss/channel/title"/>
          <xsl:with-param name="description" select="rss/channel/description"/>
          <xsl:with-param name="self" select="rss/channel/atom:link[@rel='self']/@href"/>
          <xsl:with-param name="site" select="rss/channel/link"/>
          <xsl:with-param name="items" select="rss/channel/item"/>
          <xsl:with-param name="icon" select="rss/channel/image/url"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="page">
          <xsl:with-param name="format" select="'Atom'"/>
          <xsl:with-param name="language" select="atom:feed/@xml:lang"/>
          <xsl:with-param name="title" select="atom:feed/atom:title"/>
          <xsl:with-param name="description" select="atom:feed/atom:subtitle"/>
          <xsl:with-param name="self" select="atom:feed/atom:link[@rel='self']/@href"/>
          <xsl:with-param name="site" select="atom:feed/atom:link[@rel='alternate']/@href"/>
          <xsl:with-param name="items" select="atom:feed/atom:entry"/>
          <xsl:with-param name="icon" select="atom:feed/atom:icon"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="format"/>
    <xsl:param name="language"/>
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="self"/>
    <xsl:param name="site"/>
    <xsl:param name="items"/>
    <xsl:param name="icon"/>
    <html lang="{$language}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <xsl:choose>
          <xsl:when test="$icon"><link rel="icon" href="{$icon}"/></xsl:when>
          <xsl:otherwise><link rel="icon" href="data:,"/></xsl:otherwise>
        </xsl:choose>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$format"/> feed)</title>
        <style>
          :root { color-scheme: light dark; --ink: #1d1d2b; --muted: #55586b; --paper: #f6f6fa;
            --card: #ffffff; --line: #dcdde6; --brand: #303f9f; --brand-ink: #ffffff;
            --link: #283593; --code: #eceef7; }
          @media (prefers-color-scheme: dark) {
            :root { --ink: #e8e8f0; --muted: #b3b5c7; --paper: #14151c; --card: #1e2029;
              --line: #343746; --brand: #232c6e; --link: #aab6ff; --code: #2a2d3a; } }
          * { box-sizing: border-box; }
          body { margin: 0; background: var(--paper); color: var(--ink); line-height: 1.55;
            font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
          a { color: var(--link); }
          .wrap { max-width: 50rem; margin: 0 auto; padding: 0 1.25rem; }
          header { background: var(--brand); color: var(--brand-ink); padding: 2.25rem 0 2rem; }
          header a { color: inherit; }
          .kind { margin: 0 0 .5rem; font-size: .8rem; font-weight: 700; letter-spacing: .08em;
            text-transform: uppercase; opacity: .85; }
          h1 { margin: 0; font-size: clamp(1.6rem, 4vw, 2.4rem); line-height: 1.15; font-weight: 800; }
          .lead { margin: .75rem 0 0; font-size: 1.1rem; opacity: .92; }
          .subscribe { margin: 1.5rem 0; padding: 1.25rem 1.4rem; background: var(--card);
            border: 1px solid var(--line); border-left: .3rem solid var(--brand); border-radius: .5rem; }
          .subscribe h2 { margin: 0 0 .5rem; font-size: 1.15rem; }
          .subscribe p { margin: .5rem 0; }
          .address { display: block; padding: .6rem .75rem; background: var(--code); border-radius: .35rem;
            font: .95rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
            overflow-wrap: anywhere; user-select: all; }
          h2.count { font-size: 1.15rem; margin: 2rem 0 .75rem; }
          .items { list-style: none; margin: 0 0 3rem; padding: 0; }
          .item { margin: 0 0 1rem; padding: 1.1rem 1.4rem; background: var(--card);
            border: 1px solid var(--line); border-radius: .5rem; }
          h3 { margin: 0; font-size: 1.2rem; line-height: 1.3; }
          h3 a { text-decoration: none; }
          h3 a:hover, h3 a:focus { text-decoration: underline; }
          .date { margin: .3rem 0 .5rem; color: var(--muted); font-size: .9rem; }
          .summary { overflow-wrap: anywhere; }
          .summary p { margin: .4rem 0; }
          .summary ul { margin: .4rem 0; padding-left: 1.2rem; color: var(--muted); list-style: disc; }
          .summary img { max-width: 100%; height: auto; border-radius: .35rem; }
          .empty { color: var(--muted); }
        </style>
      </head>
      <body>
        <header>
          <div class="wrap">
            <p class="kind"><xsl:value-of select="$format"/> feed</p>
            <h1><xsl:value-of select="$title"/></h1>
            <xsl:if test="normalize-space($description)">
              <p class="lead"><xsl:value-of select="$description"/></p>
            </xsl:if>
          </div>
        </header>
        <main class="wrap">
          <section class="subscribe" aria-labelledby="how">
            <h2 id="how">How to subscribe</h2>
            <p>This is a feed: copy its address into a feed reader (such as Feedly, Inoreader,
              NetNewsWire or Thunderbird) and each new item reaches you as soon as it is
              published, with no account on this site and no e-mail.</p>
            <p><code class="address"><xsl:value-of select="$self"/></code></p>
            <xsl:if test="$site">
              <p><a href="{$site}">See this list on the site</a></p>
            </xsl:if>
          </section>
          <h2 class="count">
            <xsl:choose>
              <xsl:when test="count($items) = 1">1 item, newest first</xsl:when>
              <xsl:otherwise><xsl:value-of select="count($items)"/> items, newest first</xsl:otherwise>
            </xsl:choose>
          </h2>
          <xsl:choose>
            <xsl:when test="$items">
              <ol class="items">
                <xsl:apply-templates select="$items"/>
              </ol>
            </xsl:when>
            <xsl:otherwise>
              <p class="empty">Nothing here right now: new items appear in this feed as soon as
                they are published.</p>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <!-- pubDate as feedgen writes it: "Sun, 01 Nov 2026 00:00:00 +0000" -->
    <xsl:variable name="month" select="substring(pubDate, 9, 3)"/>
    <xsl:call-template name="item">
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="iso" select="concat(substring(pubDate, 13, 4), '-',
          format-number(string-length(substring-before($months, $month)) div 3 + 1, '00'), '-',
          substring(pubDate, 6, 2))"/>
      <xsl:with-param name="html" select="description"/>
      <xsl:with-param name="text" select="''"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:call-template name="item">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="link" select="atom:link[not(@rel) or @rel='alternate']/@href"/>
      <xsl:with-param name="iso" select="substring(atom:published | atom:updated[not(../atom:published)], 1, 10)"/>
      <xsl:with-param name="html" select="atom:content"/>
      <xsl:with-param name="text" select="atom:summary"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="item">
    <xsl:param name="title"/>
    <xsl:param name="link"/>
    <xsl:param name="iso"/>
    <xsl:param name="html"/>
    <xsl:param name="text"/>
    <li class="item">
      <article>
        <h3><a href="{$link}"><xsl:value-of select="$title"/></a></h3>
        <p class="date">
          <time datetime="{$iso}">
            <xsl:value-of select="number(substring($iso, 9, 2))"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring($months, (number(substring($iso, 6, 2)) - 1) * 3 + 1, 3)"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="substring($iso, 1, 4)"/>
          </time>
        </p>
        <div class="summary">
          <xsl:choose>
            <xsl:when test="not($plain)">
              <xsl:value-of select="$html" disable-output-escaping="yes"/>
            </xsl:when>
            <xsl:when test="normalize-space($text)">
              <p><xsl:value-of select="$text"/></p>
            </xsl:when>
            <xsl:otherwise>
              <p>
                <xsl:call-template name="unescape">
                  <xsl:with-param name="text">
                    <xsl:call-template name="without-tags">
                      <xsl:with-param name="html" select="$html"/>
                    </xsl:call-template>
                  </xsl:with-param>
                </xsl:call-template>
              </p>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </article>
    </li>
  </xsl:template>

  <!-- The text of an HTML fragment: each tag becomes a space. -->
  <xsl:template name="without-tags">
    <xsl:param name="html"/>
    <xsl:choose>
      <xsl:when test="contains($html, '&lt;') and contains(substring-after($html, '&lt;'), '&gt;')">
        <xsl:value-of select="substring-before($html, '&lt;')"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="without-tags">
          <xsl:with-param name="html" select="substring-after(substring-after($html, '&lt;'), '&gt;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$html"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The characters Python's html.escape writes as references, back as themselves. -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:variable name="rest" select="substring-after($text, '&amp;')"/>
    <xsl:variable name="entity" select="substring-before($rest, ';')"/>
    <xsl:choose>
      <xsl:when test="not(contains($text, '&amp;'))"><xsl:value-of select="$text"/></xsl:when>
      <xsl:when test="$entity = 'amp' or $entity = 'lt' or $entity = 'gt' or $entity = 'quot'
          or $entity = '#x27'">
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:choose>
          <xsl:when test="$entity = 'amp'">&amp;</xsl:when>
          <xsl:when test="$entity = 'lt'">&lt;</xsl:when>
          <xsl:when test="$entity = 'gt'">&gt;</xsl:when>
          <xsl:when test="$entity = 'quot'">"</xsl:when>
          <xsl:otherwise>'</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="unescape">
          <xsl:with-param name="text" select="substring-after($rest, ';')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="substring-before($text, '&amp;')"/>
        <xsl:text>&amp;</xsl:text>
        <xsl:call-template name="unescape">
          <xsl:with-param name="text" select="$rest"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
