# Changelog entries.
#
# Staff read every entry with content.read (drafts and scheduled ones too), write with content.manage, and
# publish or schedule with content.publish. Signed-in contacts read published entries whose audience is
# `public` or `authenticated`; anonymous visitors (publishable key) the `public` ones.

grants(m: MemberActor, "read", e: ChangelogEntry) if
  e.workspaceId = m.workspaceId and m.can("content.read");
grants(m: MemberActor, action: String, e: ChangelogEntry) if
  action in ["create", "update", "delete"] and
  e.workspaceId = m.workspaceId and m.can("content.manage");
grants(m: MemberActor, "publish", e: ChangelogEntry) if
  e.workspaceId = m.workspaceId and m.can("content.publish");

grants(me: ContactActor, "read", e: ChangelogEntry) if
  e.workspaceId = me.workspaceId and e.state = "published" and changelog_audience_for_contacts(e.audience);
grants(v: VisitorActor, "read", e: ChangelogEntry) if
  e.workspaceId = v.workspaceId and e.state = "published" and e.audience = "public";

changelog_audience_for_contacts("public");
changelog_audience_for_contacts("authenticated");

scope_allows(key: ApiKeyActor, "read", _: ChangelogEntry) if key.hasScope("content:read");
scope_allows(key: ApiKeyActor, action: String, _: ChangelogEntry) if
  action in ["create", "update", "delete", "publish"] and key.hasScope("content:write");
key_limits(_: ApiKeyActor, _: ChangelogEntry);
