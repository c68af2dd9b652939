import postgres from 'postgres'
import { uuidToId } from '../../src/ids'
import { settleDatabase } from './settle'

/**
 * The publishing data of `npm run bench -- --publishing`, seeded set-based (`generate_series`) in one
 * transaction on top of the bench workspace:
 *   - help centre: 200 categories (20 top-level, 9 children each; the last top-level one and its children
 *     `authenticated`), 5,000 articles spread over them (one in 10 a draft, one in 25 scheduled, the rest
 *     published), one in 4 with a French translation (half of them published);
 *   - changelog: 2,000 entries, one a day back in time (one in 20 a draft, one in 50 scheduled, one in 10
 *     `authenticated`), one in 3 linking two roadmap posts;
 *   - feedback for the roadmap: a public board, four post statuses and 550 posts (500 approved in the three
 *     roadmap statuses, 50 pending moderation), the first 30 of each column in a manual order (positions are
 *     written by the caller once the roadmap exists, see `positionRoadmap`).
 * Words come from short lists, so searches match realistic shares of the articles.
 */

export interface PublishingSeedOptions {
  articles: number
  categories: number
  changelog: number
  roadmapItems: number
}

export interface PublishingSeeded {
  articles: number
  published: number
  translations: number
  categories: number
  changelog: number
  roadmapPosts: number
  /** The category the list is measured on (a public one) and its published article count. */
  categoryUuid: string
  categoryPublished: number
  boardUuid: string
  /** The roadmap's column statuses, in order. */
  statusUuids: string[]
  workspaceSlug: string
  seconds: number
}

const subjects = [
  'export',
  'report',
  'dashboard',
  'mobile app',
  'dark mode',
  'slack',
  'invoice',
  'calendar',
  'search',
  'login',
  'csv',
  'api',
  'webhook',
  'billing',
  'notification',
  'filter',
  'widget',
  'integration',
  'template',
  'password',
]
const actions = [
  'set up',
  'configure',
  'troubleshoot',
  'use',
  'share',
  'schedule',
  'customise',
  'secure',
  'automate',
  'reset',
]
const sqlArray = (words: string[]) => `(array[${words.map((w) => `'${w}'`).join(',')}])`
const pick = (words: string[], expression: string) =>
  `${sqlArray(words)}[1 + (${expression}) % ${words.length}]`

export async function seedPublishing(
  url: string,
  workspaceUuid: string,
  options: PublishingSeedOptions,
): Promise<PublishingSeeded> {
  const started = performance.now()
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const seeded = await sql.begin(async (tx) => {
      const [ws] = await tx<{ slug: string }[]>`select slug from workspaces where id = ${workspaceUuid}`
      // Categories: top-level n < tops, the others children of (n % tops); the last top-level one is for
      // signed-in readers only, and so are its children (effective audience, as the service keeps it).
      const tops = Math.max(1, Math.round(options.categories / 10))
      await tx.unsafe(
        `create temporary table bench_category on commit drop as
         select g - 1 as n, gen_random_uuid() as id from generate_series(1, $1::int) g`,
        [options.categories],
      )
      await tx.unsafe(
        `insert into help_categories (id, workspace_id, parent_id, name, description, position, audience,
           effective_audience, created_at, updated_at)
         select c.id, $1::uuid, p.id,
           initcap(${pick(subjects, 'c.n')}) || case when c.n < $2::int then '' else ' ' || ${pick(actions, 'c.n')} end,
           'Everything about ' || ${pick(subjects, 'c.n')} || '.', c.n / $2::int,
           case when c.n = $2::int - 1 then 'authenticated' else 'public' end,
           case when c.n % $2::int = $2::int - 1 then 'authenticated' else 'public' end,
           now() - make_interval(days => c.n), now() - make_interval(days => c.n)
         from bench_category c
         left join bench_category p on c.n >= $2::int and p.n = c.n % $2::int`,
        [workspaceUuid, tops],
      )
      await tx.unsafe(
        `insert into articles (id, workspace_id, category_id, locale, slug, title, body, state, publish_at,
           published_at, effective_audience, helpful_count, not_helpful_count, created_at, updated_at)
         select gen_random_uuid(), $1::uuid, c.id, 'en', 'how-to-' || replace(a.action, ' ', '-') || '-' ||
             replace(a.subject, ' ', '-') || '-' || g,
           'How to ' || a.action || ' the ' || a.subject || ' (' || g || ')',
           '## ' || initcap(a.action) || E'\n\nTo ' || a.action || ' the ' || a.subject || ', open **Settings**, then ' ||
             initcap(${pick(subjects, 'g * 7')}) || '. Choose what your team of ' || (g % 40 + 2) ||
             E' people needs and save.\n\n- It works with the ' || ${pick(subjects, 'g * 3')} || E' too.\n- Changes apply at once.\n\n' ||
             'If the ' || a.subject || ' still does not behave, contact support with a screenshot.',
           s.state,
           case when s.state = 'scheduled' then now() + make_interval(days => 1 + g % 30) end,
           case when s.state = 'published' then now() - make_interval(hours => g) end,
           case when c.n % $3::int = $3::int - 1 then 'authenticated' else 'public' end,
           g % 17, g % 5,
           now() - make_interval(hours => g), now() - make_interval(hours => g)
         from generate_series(1, $2::int) g
         join bench_category c on c.n = g % $4::int
         cross join lateral (select ${pick(subjects, 'g')} as subject, ${pick(actions, 'g / 20')} as action) a
         cross join lateral (select case when g % 10 = 3 then 'draft' when g % 25 = 7 then 'scheduled'
           else 'published' end as state) s`,
        [workspaceUuid, options.articles, tops, options.categories],
      )
      await tx.unsafe(
        `insert into article_translations (workspace_id, article_id, locale, slug, title, body, state, published_at,
           created_at, updated_at)
         select a.workspace_id, a.id, 'fr', a.slug || '-fr', 'Comment faire : ' || a.title, a.body,
           case when row_number() over (order by a.id) % 2 = 0 then 'published' else 'draft' end,
           a.published_at, a.created_at, a.updated_at
         from articles a where a.workspace_id = $1::uuid and right(a.slug, 1) in ('0', '4', '8')
           and a.state = 'published'`,
        [workspaceUuid],
      )
      // Feedback for the roadmap: a public board, statuses, posts.
      const [board] = await tx<{ id: string }[]>`
        insert into boards (id, workspace_id, name, slug, audience, view_access)
        values (gen_random_uuid(), ${workspaceUuid}, 'Ideas', 'ideas', 'public', 'anyone') returning id`
      const statuses = await tx<{ id: string; position: number }[]>`
        insert into post_statuses (id, workspace_id, name, category, position, is_default)
        values (gen_random_uuid(), ${workspaceUuid}, 'Under review', 'open', 0, true),
          (gen_random_uuid(), ${workspaceUuid}, 'Planned', 'planned', 1, false),
          (gen_random_uuid(), ${workspaceUuid}, 'In progress', 'in_progress', 2, false),
          (gen_random_uuid(), ${workspaceUuid}, 'Done', 'complete', 3, false)
        returning id, position`
      const ordered = statuses.sort((a, b) => a.position - b.position).map((s) => s.id)
      const columns = ordered.slice(1)
      const pending = Math.round(options.roadmapItems / 10)
      await tx.unsafe(
        `insert into posts (id, workspace_id, board_id, status_id, title, body, moderation, vote_count, eta,
           trending, created_at, updated_at)
         select gen_random_uuid(), $1::uuid, $2::uuid, ($3::uuid[])[1 + g % 3],
           initcap(${pick(actions, 'g')}) || ' ' || ${pick(subjects, 'g / 3')} || ' in one click #' || g,
           'Many teams ask to ' || ${pick(actions, 'g')} || ' the ' || ${pick(subjects, 'g / 3')} || ' faster.',
           case when g > $4::int then 'pending' else 'approved' end,
           (g * 37) % 400, (date '2027-01-01' + (g % 12) * interval '1 month')::date,
           0, now() - make_interval(hours => g), now() - make_interval(hours => g)
         from generate_series(1, $4::int + $5::int) g`,
        [workspaceUuid, board?.id ?? null, columns, options.roadmapItems, pending],
      )
      // Changelog entries, newest first a day apart; linked posts are written below (typeids).
      await tx.unsafe(
        `insert into changelog_entries (id, workspace_id, title, body, categories, state, publish_at, published_at,
           sort_date, audience, effective_audience, created_at, updated_at)
         select gen_random_uuid(), $1::uuid,
           initcap(${pick(actions, 'g')}) || ' the ' || ${pick(subjects, 'g / 2')} || ' faster (' || g || ')',
           E'## What changed\n\nYou can now ' || ${pick(actions, 'g')} || ' the ' || ${pick(subjects, 'g / 2')} ||
             ' from the ' || ${pick(subjects, 'g * 7')} || E' page.\n\n- Faster for teams of any size\n- Works with the ' ||
             ${pick(subjects, 'g * 3')} || E'\n\nThanks to everyone who asked for it.',
           case when g % 3 = 0 then '["Improvement"]'::jsonb when g % 3 = 1 then '["New", "Integrations"]'::jsonb
             else '["Fix"]'::jsonb end,
           s.state,
           case when s.state = 'scheduled' then now() + make_interval(days => 1 + g % 20) end,
           case when s.state = 'published' then now() - make_interval(days => g) end,
           now() - make_interval(days => g),
           case when g % 10 = 0 then 'authenticated' else 'public' end,
           -- Its categories (below) are public: what readers are held to is its own audience.
           case when g % 10 = 0 then 'authenticated' else 'public' end,
           now() - make_interval(days => g), now() - make_interval(days => g)
         from generate_series(1, $2::int) g
         cross join lateral (select case when g % 20 = 0 then 'draft' when g % 50 = 0 then 'scheduled'
           else 'published' end as state) s`,
        [workspaceUuid, options.changelog],
      )
      // The categories the entries name, as the API creates them on first use: public.
      await tx.unsafe(
        `insert into changelog_categories (id, workspace_id, name)
         select gen_random_uuid(), $1::uuid, n from unnest(array['Improvement', 'New', 'Integrations', 'Fix']) n`,
        [workspaceUuid],
      )
      const linkable = await tx<{ id: string }[]>`
        select id from posts where workspace_id = ${workspaceUuid} and moderation = 'approved'
        order by vote_count desc, id limit 40`
      await tx.unsafe(
        `update changelog_entries e set linked_post_ids = jsonb_build_array(
           ($2::text[])[1 + n.n % $3::int], ($2::text[])[1 + (n.n + 7) % $3::int])
         from (select id, row_number() over (order by sort_date desc, id) as n from changelog_entries
               where workspace_id = $1::uuid) n
         where e.id = n.id and n.n % 3 = 0`,
        [workspaceUuid, linkable.map((p) => uuidToId('post', p.id)), linkable.length],
      )
      // The category measured: a public child category with the most published articles.
      const [category] = await tx<{ id: string; published: number }[]>`
        select a.category_id as id, count(*)::int as published from articles a
        where a.workspace_id = ${workspaceUuid} and a.state = 'published' and a.effective_audience = 'public'
        group by a.category_id order by published desc, a.category_id limit 1`
      const [counts] = await tx<
        {
          articles: number
          published: number
          translations: number
          categories: number
          changelog: number
          posts: number
        }[]
      >`
        select (select count(*)::int from articles where workspace_id = ${workspaceUuid}) as articles,
          (select count(*)::int from articles where workspace_id = ${workspaceUuid} and state = 'published') as published,
          (select count(*)::int from article_translations where workspace_id = ${workspaceUuid}) as translations,
          (select count(*)::int from help_categories where workspace_id = ${workspaceUuid}) as categories,
          (select count(*)::int from changelog_entries where workspace_id = ${workspaceUuid}) as changelog,
          (select count(*)::int from posts where workspace_id = ${workspaceUuid} and moderation = 'approved') as posts`
      if (!category || !counts || !board || !ws) throw new Error('the publishing seed wrote nothing')
      return {
        articles: counts.articles,
        published: counts.published,
        translations: counts.translations,
        categories: counts.categories,
        changelog: counts.changelog,
        roadmapPosts: counts.posts,
        categoryUuid: category.id,
        categoryPublished: category.published,
        boardUuid: board.id,
        statusUuids: columns,
        workspaceSlug: ws.slug,
      }
    })
    // As a database in use is: vacuumed, analysed, checkpointed, autovacuum idle.
    await settleDatabase(sql)
    return { ...seeded, seconds: (performance.now() - started) / 1000 }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** The manual order of the first `perColumn` posts (by votes) of each column of the roadmap. */
export async function positionRoadmap(
  url: string,
  workspaceUuid: string,
  roadmapUuid: string,
  perColumn: number,
) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql.unsafe(
      `insert into roadmap_positions (workspace_id, roadmap_id, post_id, position)
       select $1::uuid, $2::uuid, p.id, p.n - 1
       from (select id, row_number() over (partition by status_id order by vote_count, id) as n
             from posts where workspace_id = $1::uuid and moderation = 'approved') p
       where p.n <= $3::int`,
      [workspaceUuid, roadmapUuid, perColumn],
    )
    await sql`analyze roadmap_positions`
  } finally {
    await sql.end({ timeout: 5 })
  }
}
