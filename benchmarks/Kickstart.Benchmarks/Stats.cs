using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Kickstart.Benchmarks;

/// <summary>Median, p90 (nearest rank) and max of a list of milliseconds.</summary>
internal sealed class Series
{
    private readonly List<double> _values = new();

    public Series(string name) => Name = name;

    public string Name { get; }
    public IReadOnlyList<double> Values => _values;
    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public double Median
    {
        get
        {
            if (_values.Count == 0) return double.NaN;
            var s = _values.OrderBy(v => v).ToList();
            int m = s.Count / 2;
            return s.Count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        }
    }

    public double P90
    {
        get
        {
            if (_values.Count == 0) return double.NaN;
            var s = _values.OrderBy(v => v).ToList();
            int rank = (int)Math.Ceiling(0.9 * s.Count);
            return s[Math.Clamp(rank - 1, 0, s.Count - 1)];
        }
    }

    public double Max => _values.Count == 0 ? double.NaN : _values.Max();
    public double Min => _values.Count == 0 ? double.NaN : _values.Min();

    /// <summary>Nearest-rank percentile of any list (NaN when empty).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.OrderBy(v => v).ToList();
        int rank = (int)Math.Ceiling(p / 100 * s.Count);
        return s[Math.Clamp(rank - 1, 0, s.Count - 1)];
    }

    public static string F(double v, string format = "0") =>
        double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);

    public override string ToString() => $"{Name}: median {F(Median)} ms, p90 {F(P90)} ms (n={Count})";
}
