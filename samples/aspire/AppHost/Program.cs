// The sample Go server (samples/GoServer.proj) as an Aspire resource, watched by Kickstart: every save rebuilds and
// swaps it, its output and state are in the dashboard. The web front end finds it as http://api (service discovery).
var builder = DistributedApplication.CreateBuilder(args);

var api = builder.AddGoProject("api", "../../GoServer.proj")
                 .WithHttpEndpoint(env: "PORT")
                 .WithDevProxy()                     // the endpoint is Kickstart's proxy: pages reload after every save
                 .WithHttpHealthCheck("/healthz");

// In a container the server must listen on every interface (it binds 127.0.0.1 unless HOST says otherwise).
if (builder.ExecutionContext.IsPublishMode)
    api.WithEnvironment("HOST", "0.0.0.0");

// The front end gets services__api__http__0, which service discovery reads for http://api.
builder.AddProject<Projects.Web>("web")
       .WithReference(api)
       .WaitFor(api);

builder.Build().Run();
