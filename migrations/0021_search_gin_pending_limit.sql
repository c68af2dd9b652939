-- Search indexes keep a short GIN pending list (128 kB instead of the default 4 MB). Every vote changes
-- posts.vote_count and trending, which are indexed, so each vote is a non-HOT update that adds the post's
-- lexemes and trigrams to these indexes' pending lists; every search then scans the whole list until vacuum
-- merges it. On the bench seed 8,000 votes left 308 pending pages and took `GET /v1/search` from 1.4 ms to
-- 6.4 ms (EXPLAIN ANALYZE); with 128 kB the list stays at a few pages (2.0 ms) and the votes cost the same
-- (2.1 s per 8,000 either way), where fastupdate = off made them 65% slower. ALTER INDEX SET changes no data.
ALTER INDEX "posts_search_idx" SET (gin_pending_list_limit = 128);--> statement-breakpoint
ALTER INDEX "posts_title_trgm_idx" SET (gin_pending_list_limit = 128);--> statement-breakpoint
ALTER INDEX "comments_search_idx" SET (gin_pending_list_limit = 128);
