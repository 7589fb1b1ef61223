#!/usr/bin/env bash
# Regenerates the GeoNames place gazetteers from the GeoNames dumps in
# ../shared/data/geonames (or $GEONAMES_DIR), leaving out every place the
# curated gazetteers already have. Run from anywhere; needs cargo.
set -euo pipefail
cd "$(dirname "$0")/.."
geo=${GEONAMES_DIR:-../shared/data/geonames}
gazet() { cargo run --release --quiet -- "$@"; }
curated=(--exclude gazetteers/militias.csv --exclude gazetteers/outlets.csv
         --exclude gazetteers/people.csv --exclude gazetteers/places.csv)

# Every city of Iran, Iraq, Syria and Lebanon in cities15000.
gazet gazetteer import geonames "$geo/cities15000_IR_IQ_SY_LB.txt.gz" "${curated[@]}" \
  --review gazetteers/lists/geonames-review.csv --out gazetteers/places-geonames-region.csv
# The world's cities of a million people or more, and its capitals of 20,000 or more
# (below that, capitals of tiny territories are named Stanley, Plymouth, Hamilton).
gazet gazetteer import geonames "$geo/cities15000.txt.gz" --min-population 1000000 \
  --capitals --capital-min-population 20000 \
  "${curated[@]}" --exclude gazetteers/places-geonames-region.csv \
  --review gazetteers/lists/geonames-review.csv --out gazetteers/places-geonames-world.csv
