// Searches as feeds: a search's newest stories as an Atom 1.0 feed (RFC 4287) that feed readers
// poll (`newsdex-search QUERY --atom`, GET /search.atom).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "newsdex/search.h"

namespace newsdex::search {

// Hits a feed holds when the request does not say.
inline constexpr unsigned kDefaultFeedEntries = 50;

// Turns a request into a feed's: newest first (the hits of --sort date), one hit per story, no
// facets, never relaxed to any word nor corrected, and kDefaultFeedEntries hits unless
// `limit_given`.
void make_feed_request(SearchRequest& request, bool limit_given);

// The Atom feed of a response to a feed request. Each entry's id names its story
// ("urn:newsdex:story:KEY"), so a later copy of a story is the same entry to a reader; its link is
// the hit's URL, with the title, published time, snippet (as HTML) and a category per country
// (scheme urn:newsdex:country) and topic (urn:newsdex:topic). The feed's id follows from the
// query and filters. The feed's updated time is its newest entry's; an empty feed's,
// `index_updated` (Searcher::last_indexed), else the epoch. `self_url`: where the feed is
// served, for its rel="self" link; empty for none.
std::string to_atom(const SearchRequest& request, const SearchResponse& response,
                    std::optional<Timestamp> index_updated, std::string_view self_url = {});

}  // namespace newsdex::search
