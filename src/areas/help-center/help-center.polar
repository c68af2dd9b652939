# Help centre: categories and articles.
#
# Staff read everything with content.read (drafts and scheduled articles too), write with content.manage, and
# publish or schedule with content.publish. Readers outside the staff see published articles whose category
# (and every ancestor) is not archived, by the article's effective audience: the intersection of its own and its
# category chain's (kit/audience.ts `intersect`, kept in `effectiveAudience` by the service, `staff` where two sets
# of grants are incomparable). `segments` and `organizations` admit by the grants of `audienceSourceId` (the
# article or the category that holds them), reached as `audienceGrants`. Signed-in contacts read what
# base.polar's audience_admits admits, anonymous visitors (publishable key) only `public`; both may say whether an
# article helped. Categories are read by the same rule over their own effective audience.

# ------------------------------------------------------------------------------------------ categories

grants(m: MemberActor, "read", c: HelpCategory) if
  c.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, c: HelpCategory) if
  action in ["create", "update", "delete"] and
  c.workspaceId = m.workspaceId and m.can("content.manage");

grants(me: ContactActor, "read", c: HelpCategory) if
  c.workspaceId = me.workspaceId and c.hidden = false and audience_admits(me, c.effectiveAudience, c);
grants(v: VisitorActor, "read", c: HelpCategory) if
  c.workspaceId = v.workspaceId and c.hidden = false and c.effectiveAudience = "public";

scope_allows(key: ApiKeyActor, "read", _: HelpCategory) if key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: HelpCategory) if
  action != "read" and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: HelpCategory);

# -------------------------------------------------------------------------------------------- articles

grants(m: MemberActor, action: String, a: Article) if
  action in ["read", "read_unpublished", "vote"] and
  a.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, a: Article) if
  action in ["create", "update", "delete"] and
  a.workspaceId = m.workspaceId and m.can("content.manage");
grants(m: MemberActor, "publish", a: Article) if
  a.workspaceId = m.workspaceId and m.can("content.publish");

grants(me: ContactActor, action: String, a: Article) if
  action in ["read", "vote"] and
  a.workspaceId = me.workspaceId and a.state = "published" and a.categoryHidden = false and
  audience_admits(me, a.effectiveAudience, a);
grants(v: VisitorActor, action: String, a: Article) if
  action in ["read", "vote"] and
  a.workspaceId = v.workspaceId and a.state = "published" and a.categoryHidden = false and
  a.effectiveAudience = "public";

scope_allows(key: ApiKeyActor, action: String, _: Article) if
  action in ["read", "read_unpublished"] and key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: Article) if
  action in ["create", "update", "delete", "publish", "vote"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: Article);
