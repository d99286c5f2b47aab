using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace PortStress.Gateway.Hosting;

/// <summary>
/// Finds the values the configuration binder drops without a word: an element of a list or dictionary with a value
/// that does not convert ("abc" or 0.2 for an int) is left out of the bound collection, where a plain property would
/// have thrown. Each element is bound on its own here, so its error surfaces with its configuration path.
/// </summary>
internal static class ConfigurationBindCheck
{
    /// <summary>Binds every collection element under <paramref name="section"/> on its own; returns the binder's messages.</summary>
    /// <param name="section">The section bound to <paramref name="type"/>.</param>
    /// <param name="type">The options type.</param>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The gateway is not trimmed; the options types are bound by reflection already.")]
    [UnconditionalSuppressMessage("Trimming", "IL2067", Justification = "As above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "As above.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "As above.")]
    public static IEnumerable<string> Errors(IConfiguration section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var errors = new List<string>();
        Walk(section, type, errors);
        return errors;
    }

    private static void Walk(IConfiguration section, Type type, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
            {
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (ElementType(propertyType) is { } element)
            {
                foreach (var item in child.GetChildren())
                {
                    try
                    {
                        item.Get(element);
                    }
                    catch (InvalidOperationException e)
                    {
                        errors.Add(e.Message);
                        continue;
                    }

                    Walk(item, element, errors);
                }
            }
            else if (IsComplex(propertyType))
            {
                Walk(child, propertyType, errors);
            }
        }
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            {
                return candidate.GetGenericArguments()[1];
            }
        }

        foreach (var candidate in type.GetInterfaces().Append(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                return candidate.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static bool IsComplex(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsAbstract;
}
