using System;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

// A Go service as a user writes it: its port from the endpoint (PORT), an environment variable, a parameter by reference.
var builder = DistributedApplication.CreateBuilder(args);
string project = builder.Configuration["GoProject"] ?? throw new InvalidOperationException("Pass --GoProject PATH (the Go project file).");
var greeting = builder.AddParameter("greeting", "hello from the app host");
builder.AddGoProject("api", project)
       .WithHttpEndpoint(env: "PORT")
       .WithEnvironment("HOST", "0.0.0.0")
       .WithEnvironment("GREETING", greeting)
       .WithArgs("-mode", "container");
builder.Build().Run();
