#!/usr/bin/env bash
# Regenerates the generated place gazetteers, leaving out every place the
# curated gazetteers already have: first the divisions (ISO 3166-2, from
# Debian's iso-codes: $ISO_JSON, default /usr/share/iso-codes/json/iso_3166-2.json),
# then the GeoNames cities from the dumps in ../shared/data/geonames (or
# $GEONAMES_DIR). Run from anywhere; needs cargo and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
geo=${GEONAMES_DIR:-../shared/data/geonames}
iso=${ISO_JSON:-/usr/share/iso-codes/json/iso_3166-2.json}
gazet() { cargo run --release --quiet -- "$@"; }
curated=(--exclude gazetteers/militias.csv --exclude gazetteers/outlets.csv
         --exclude gazetteers/people.csv --exclude gazetteers/places.csv)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The first-level divisions of every country (states, provinces, regions),
# but those the curated files have and those named after a city of a million
# people or more (the city below stands for both).
python3 gazetteers/import-divisions.py --iso-json "$iso" \
  --geonames "$geo/cities15000.txt.gz" --out gazetteers/places-divisions.csv

# Every city of Iran, Iraq, Syria and Lebanon in cities15000.
gazet gazetteer import geonames "$geo/cities15000_IR_IQ_SY_LB.txt.gz" "${curated[@]}" \
  --review gazetteers/lists/geonames-review.csv --out gazetteers/places-geonames-region.csv

# Every city of the rest of the region the news of these files covers:
# Israel and Palestine, Jordan, the Gulf and Yemen (cities15000 there: Eilat,
# Sderot, Beit Lahia, Dhahran, Mukalla).
gazet gazetteer import geonames "$geo/cities15000.txt.gz" --countries YE,IL,PS,JO,SA,KW,BH,QA,AE,OM \
  "${curated[@]}" --exclude gazetteers/places-geonames-region.csv \
  --exclude gazetteers/places-divisions.csv \
  --review gazetteers/lists/geonames-review.csv --out gazetteers/places-geonames-domain.csv

# The world's cities of 300,000 people or more, and its capitals of 20,000 or
# more (below that, capitals of tiny territories are named Stanley, Plymouth,
# Hamilton; below 300,000, cities named like people, companies and words
# outnumber those news names: Elizabeth, Warren, Corona, Mobile, Independence;
# README.md, "The GeoNames files"). A city whose alternate names include a
# division of its country (Montreal: `Quebec`) would be taken for the
# division, so those alternate names are left out of the dump first; a city
# named as its division (Quebec City: `Québec`) is that division's entity.
python3 gazetteers/import-divisions.py --out gazetteers/places-divisions.csv \
  --strip-alternates "$geo/cities15000.txt.gz" "$tmp/cities15000.txt.gz"
gazet gazetteer import geonames "$tmp/cities15000.txt.gz" --min-population 300000 \
  --capitals --capital-min-population 20000 \
  "${curated[@]}" --exclude gazetteers/places-geonames-region.csv \
  --exclude gazetteers/places-geonames-domain.csv --exclude gazetteers/places-divisions.csv \
  --review gazetteers/lists/geonames-review.csv --out gazetteers/places-geonames-world.csv
