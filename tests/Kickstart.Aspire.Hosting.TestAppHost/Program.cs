using System;
using Aspire.Hosting;

// Configuration (arguments such as --GoProject=/tmp/…/api.proj):
//   GoProject      the Go project the "api" resource runs (required)
//   DevProxy       true: api runs behind Kickstart's dev proxy
//   BadGoProject   a second Go project, "bad", that cannot build (a test of the failed state)
//   ConnectionStrings:db  the connection string api references
var builder = DistributedApplication.CreateBuilder(args);

string goProject = builder.Configuration["GoProject"] ?? throw new InvalidOperationException("Pass --GoProject=PATH.");
var db = builder.AddConnectionString("db");
var api = builder.AddGoProject("api", goProject)
    .WithHttpEndpoint(env: "PORT")
    .WithReference(db)
    .WithEnvironment("FROM_APP_HOST", "set by WithEnvironment")
    .WithArgs("--mode", "two words; and a comma, $(NotAProperty) %41")
    .WithHttpHealthCheck("/healthz");
if (string.Equals(builder.Configuration["DevProxy"], "true", StringComparison.OrdinalIgnoreCase))
    api.WithDevProxy();

if (builder.Configuration["BadGoProject"] is { Length: > 0 } bad)
    builder.AddGoProject("bad", bad);

builder.Build().Run();
