"""Countries: how often the press names each country, with which topics and which other countries;
places (capitals, cities, seas, metonyms) apart."""

import plotly.graph_objects as go
import streamlit as st

from defence_news.query import circle_layout, country_pairs, country_totals, place_totals, topic_table
from pages.common import (TEXT, chart, country_name, download, evidence_rows, lang, new_click, place_name,
                          selected_ids, show_evidence, start_page, t, table, topic_name)

# plotly.js draws a map from topojson files that it fetches at render time, by default from a CDN;
# static/topojson/ holds a copy (served with server.enableStaticServing), so the map needs no network.
# The address is relative so that it also works under a server.baseUrlPath.
TOPOJSON_URL = "app/static/topojson/"

# the intro is drawn after start_page: the language of a shared link is only read there
c, sel = start_page("countries")
st.caption(t("countries_intro"))
ids = selected_ids(c)
language = lang()
totals = country_totals(c, ids)
totals = totals.assign(name=totals["country"].map(lambda iso3: country_name(iso3, language)))[
    ["country", "name", "hits", "articles"]]

fig = go.Figure([
    go.Bar(x=totals["name"], y=totals[measure], name=t(measure),
           hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>")
    for measure in ("hits", "articles")
])
fig.update_layout(title=t("country_mentions"), barmode="group", xaxis_title=t("country"), yaxis_title=t("count"))
chart(fig, totals, "country_mentions")

by_country = topic_table(c, ids, by="country")
by_country = by_country.assign(
    name=by_country["group"].map(lambda iso3: country_name(iso3, language)),
    label=by_country["topic"].map(lambda k: topic_name(k, language)),
).rename(columns={"group": "country"})[["country", "name", "topic", "label", "hits"]]
# a grid of squares, not a go.Heatmap: Streamlit reports clicks on points of scatter-like traces
# only, and a heatmap cell is no point. A pair never named together stays blank.
hottest = max(by_country["hits"].max() if not by_country.empty else 1, 1)
fig = go.Figure(go.Scatter(
    x=by_country["label"], y=by_country["name"], mode="markers", customdata=by_country[["country", "topic", "hits"]],
    marker={"symbol": "square", "size": 12 + 18 * (by_country["hits"] / hottest) ** 0.5, "color": by_country["hits"],
            "colorscale": "YlOrRd", "cmin": 0, "showscale": True, "colorbar": {"title": t("hits")},
            "line": {"width": 0.5, "color": "#999"}},
    hovertemplate="%{y} × %{x}: %{customdata[2]}<extra></extra>"))
fig.update_layout(title=t("country_topics"), xaxis_title=t("topic"), yaxis_title=t("country"), height=520)
# most named countries on top, most frequent topics on the left
fig.update_xaxes(categoryorder="array",
                 categoryarray=list(by_country.groupby("label")["hits"].sum().sort_values(ascending=False).index))
fig.update_yaxes(categoryorder="array", categoryarray=list(totals["name"])[::-1])
point = new_click(chart(fig, by_country, "country_topics", select=True), "country_topics")
cells = by_country.sort_values(["hits", "country", "topic"], ascending=[False, True, True])
cell_labels = {(r.country, r.topic): f"{r.name} × {r.label} ({r.hits})" for r in cells.itertuples()}
# a new click goes to the box below, drawn later in this run, which can then change the choice
clicked = tuple((point or {}).get("customdata", [])[:2])
if clicked in cell_labels:
    st.session_state["cell"] = clicked
if cell_labels:
    cell = st.selectbox(t("pick_cell"), list(cell_labels), index=None, key="cell", format_func=cell_labels.get,
                        placeholder=t("pick_none"))
    if cell:
        country, topic = cell
        show_evidence(evidence_rows(c, kind="topic", key=topic, country=country), f"sentences_{country}_{topic}")

pairs = country_pairs(c, ids)
names = dict(zip(totals["country"], totals["name"]))
pairs = pairs.assign(name_a=pairs["country_a"].map(names), name_b=pairs["country_b"].map(names))[
    ["country_a", "name_a", "country_b", "name_b", "sentences", "articles"]]
nodes = totals[totals["country"].isin(set(pairs["country_a"]) | set(pairs["country_b"]))]
place = circle_layout(nodes["country"]).set_index("key")
hits = totals.set_index("country")["hits"]
# the drawing's data: each line with the places and sizes of its two ends
edges = pairs.assign(x_a=pairs["country_a"].map(place["x"]), y_a=pairs["country_a"].map(place["y"]),
                     hits_a=pairs["country_a"].map(hits), x_b=pairs["country_b"].map(place["x"]),
                     y_b=pairs["country_b"].map(place["y"]), hits_b=pairs["country_b"].map(hits))
widest = max(edges["sentences"].max() if not edges.empty else 1, 1)
# one trace per line width, its lines apart by a gap (None): a trace a line is seconds for thousands of pairs
fig = go.Figure([
    go.Scatter(x=[x for e in lines.itertuples() for x in (e.x_a, e.x_b, None)],
               y=[y for e in lines.itertuples() for y in (e.y_a, e.y_b, None)], mode="lines", hoverinfo="skip",
               showlegend=False, line={"width": width, "color": "#8aa4c8"})
    for width, lines in edges.groupby(1 + 11 * edges["sentences"] / widest, sort=False)
])
# a line shows no hover text between its ends: an invisible point at each middle carries it
fig.add_trace(go.Scatter(
    x=(edges["x_a"] + edges["x_b"]) / 2, y=(edges["y_a"] + edges["y_b"]) / 2, mode="markers",
    marker={"size": 14, "opacity": 0}, showlegend=False, hovertemplate="%{text}<extra></extra>",
    text=[f"{e.name_a} – {e.name_b}: {e.sentences} {t('together_sentences').lower()}, {e.articles} "
          f"{t('articles').lower()}" for e in edges.itertuples()]))
fig.add_trace(go.Scatter(
    x=nodes["country"].map(place["x"]), y=nodes["country"].map(place["y"]), mode="markers+text",
    text=nodes["name"], textposition="top center", showlegend=False, customdata=nodes[["hits"]],
    marker={"size": 12 + 28 * nodes["hits"] / max(nodes["hits"].max() if not nodes.empty else 1, 1),
            "color": "#b22234"},
    hovertemplate=f"%{{text}}: %{{customdata[0]}} {t('hits').lower()}<extra></extra>"))
fig.update_layout(title=t("together"), height=560)
fig.update_xaxes(visible=False, range=[-1.35, 1.35])
fig.update_yaxes(visible=False, range=[-1.25, 1.3], scaleanchor="x")
chart(fig, edges, "country_network")
st.markdown(f"**{t('pairs')}**")
table(pairs, "country_pairs")

if totals.empty:
    st.info(t("nothing"))
else:
    fig = go.Figure(go.Choropleth(
        locations=totals["country"], z=totals["hits"], locationmode="ISO-3", text=totals["name"],
        # the scale starts at a visible blue: a country named once must stand out from the land
        colorscale=[[0, "#a6cbe3"], [1, "#08306b"]], colorbar={"title": t("hits")}, marker_line_color="#555",
        marker_line_width=0.5,
        hovertemplate="%{text}: %{z}<extra></extra>"))
    # 1:50m, not 1:110m: the coarser map has no Singapore
    fig.update_geos(resolution=50, projection_type="natural earth", projection_rotation_lon=130,
                    lataxis_range=[-45, 72], lonaxis_range=[40, 300], showcountries=True, countrycolor="#aaa",
                    showland=True, landcolor="#f2f2f2", showframe=False)
    fig.update_layout(title=t("map"), height=520, margin={"l": 10, "r": 10, "t": 60, "b": 10})
    st.plotly_chart(fig, key="chart-country_map", config={"displaylogo": False, "topojsonURL": TOPOJSON_URL})
    download(totals[["country", "name", "hits"]], "country_map")

st.subheader(t("places"))
places = place_totals(c, ids)
table(places.assign(
    name=places["place"].map(lambda p: place_name(p, language)),
    kind=places["kind"].map(lambda k: t("kind_" + k) if "kind_" + k in TEXT else k),
    country_name=places["country"].map(lambda iso3: country_name(iso3, language) if iso3 else ""),
)[["place", "name", "kind", "country", "country_name", "hits", "articles"]], "places")
