# Who may do what: the shared rules. Each area's file (src/areas/<area>/<area>.polar) adds, for its
# resource types, `grants` (what roles and relations grant), `scope_allows` (which API-key
# scope an action needs) and `key_limits` (how a key's team/inbox limits narrow what it sees).
#
# The server never loops over rows calling this policy: Oso's data filtering turns
# allow(actor, action, <type>) into a SQL predicate, compiled once per actor and authz version.

# Members act through the permissions of their role assignments.
allow(member: MemberActor, action: String, resource) if
  grants(member, action, resource);

# Contacts act through rules about their own records (their profile, their tickets, their organisation).
allow(contact: ContactActor, action: String, resource) if
  grants(contact, action, resource);

# An anonymous visitor (a widget profile's publishable key) acts only through rules written for VisitorActor:
# no member, contact or key rule matches it, so it may do nothing an area's policy does not grant visitors.
allow(visitor: VisitorActor, action: String, resource) if
  grants(visitor, action, resource);

# An API key is a service principal: it may do what its scopes, its limits AND its member all allow,
# so it can never do more than the member who created it.
allow(key: ApiKeyActor, action: String, resource) if
  scope_allows(key, action, resource) and
  key_limits(key, resource) and
  grants(key.member, action, resource);

# Content audiences (`visibility.audience` of changelog entries, roadmaps and help-centre articles): whom a
# signed-in contact's audience admits. `segments` and `organizations` admit by the content's grants
# (`audienceGrants`: its rows of content_audiences), compiled to one `exists` with `segment_id = ANY(…)`.
# Anonymous visitors read only `public` content and staff what their permissions allow: each area says so.
audience_admits(_: ContactActor, "public", _);
audience_admits(_: ContactActor, "authenticated", _);
audience_admits(c: ContactActor, "segments", r) if
  s in c.segmentIds and g in r.audienceGrants and g.segmentId = s;
audience_admits(c: ContactActor, "organizations", r) if
  c.organizationId != nil and g in r.audienceGrants and g.organizationId = c.organizationId;
