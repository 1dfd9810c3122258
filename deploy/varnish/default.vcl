vcl 4.1;
# Edge cache in front of the portal's app servers (README, "Deployment").
#
# Cached: anonymous GET/HEAD of public pages, with tracking cookies and tracking query
# parameters stripped. Passed straight to an app server: anything with a session or CSRF
# cookie (editors, readers who entered a page password, forms), /admin/ (previews live
# there), the load balancer probes, and every method but GET/HEAD (POSTs).
#
# Invalidation follows the app's page cache rule: any change a reader could see bans
# everything (portal.edgecache sends one BAN per change), so a page is never fresher in
# one layer than in the other. The short TTL is the safety net for a BAN that did not
# arrive (this Varnish was down); grace serves the last good page while an app server is
# slow or its database restarts.
#
# servers.vcl (beside this file, one per deployment) defines the backends, the director
# "app" and the ACL "purgers" (the app servers' addresses: only they may BAN or PURGE).

import directors;

include "servers.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "BAN") {
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|readyz|healthz)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    # Any other cookie is a tracker's (analytics, ads): the portal never reads it.
    unset req.http.Cookie;
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    if (req.http.Authorization) {
        return (pass);
    }
    return (hash);
}

sub vcl_backend_response {
    # Which app server rendered it (the backend's name in servers.vcl, never an address).
    set beresp.http.X-App-Server = beresp.backend.name;
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-cache|no-store)") {
        # Remember for a while that this URL is not cacheable (hit-for-miss).
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    if (beresp.status == 200 || beresp.status == 301 || beresp.status == 404) {
        set beresp.ttl = 120s;
        set beresp.grace = 1h;
    } else {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Edge-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
