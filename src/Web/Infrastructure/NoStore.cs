namespace Allo.Web.Infrastructure;

/// <summary>
/// Marks a page or endpoint whose responses no cache may keep: they show a manage token, or were
/// asked for with one in the address (the private link). <see cref="SecurityHeaders"/> reads it and
/// sends <c>Cache-Control: no-store</c>, so the rule lives in one place and a new page opts in by
/// the attribute, or by inheriting from a page model that carries it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true)]
public sealed class NoStoreAttribute : Attribute;
