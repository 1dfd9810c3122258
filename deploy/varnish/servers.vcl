# The app servers of one deployment: edit the addresses, keep the names.
# Included by default.vcl. Each app server answers the /readyz probe; a server whose
# database is unreachable answers 503 and gets no traffic until it recovers.

probe ready {
    .url = "/readyz";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = ready;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may BAN or PURGE: the app servers (they ban on every publish) and this host.
acl purgers {
    "127.0.0.1";
    "10.0.0.11";
    "10.0.0.12";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
