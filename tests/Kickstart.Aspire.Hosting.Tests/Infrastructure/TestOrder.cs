using System;
using System.Collections.Generic;
using System.Linq;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Kickstart.Aspire.Hosting.Tests.Infrastructure;

/// <summary>The place of a test in a class that shares one app host and ends by stopping it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrderAttribute : Attribute
{
    public OrderAttribute(int order) => Order = order;

    public int Order { get; }
}

/// <summary>Runs a class's tests by their <see cref="OrderAttribute"/> (xunit's default order is a hash).</summary>
public sealed class ByOrderAttribute : ITestCaseOrderer
{
    public const string TypeName = "Kickstart.Aspire.Hosting.Tests.Infrastructure.ByOrderAttribute";
    public const string AssemblyName = "Kickstart.Aspire.Hosting.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(OrderAttribute).AssemblyQualifiedName)
            .FirstOrDefault()?.GetConstructorArguments().Cast<int>().First() ?? 0);
}
