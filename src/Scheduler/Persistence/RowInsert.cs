using System.Collections.Concurrent;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Allo.Scheduler.Persistence;

/// <summary>
/// The INSERT of one entity type's rows on PostgreSQL, written from the EF Core model: its table, every
/// column (a complex type's too), each column's value converter and store type. A hot path sends it in
/// a batch of its own without the change tracker (docs/decisions/0039-a-booking-without-the-change-tracker.md);
/// because it is read from the model, a column added to the entity is written here as by a save. The
/// database's rules (keys, unique indexes, triggers) decide as for any save.
/// </summary>
public sealed class RowInsert
{
    private static readonly ConcurrentDictionary<(IModel, Type), RowInsert> Cache = new();

    // Only its CreateParameter is used: a new parameter that belongs to no command.
    private static readonly NpgsqlCommand Parameters = new();

    private readonly string _into;
    private readonly Column[] _columns;
    private readonly ConcurrentDictionary<int, string> _sql = new();

    /// <param name="Path">The complex properties from the entity to the column's complex type (none for the entity's own).</param>
    private sealed record Column(IProperty Property, IComplexProperty[] Path, RelationalTypeMapping Mapping);

    private RowInsert(IEntityType type, ISqlGenerationHelper sql)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        _columns = type.GetFlattenedProperties().Select(p => new Column(p, PathTo(p), (RelationalTypeMapping)p.GetRelationalTypeMapping())).ToArray();
        if (_columns.FirstOrDefault(c => c.Property.IsShadowProperty()) is { } shadow)
        {
            throw new InvalidOperationException($"{type.DisplayName()}.{shadow.Property.Name} is a shadow property: a row insert reads every column from the object.");
        }
        _into = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)))}) VALUES ";
    }

    /// <summary>The insert of <typeparamref name="T"/> rows on this context's model.</summary>
    public static RowInsert For<T>(DbContext db) where T : class =>
        Cache.GetOrAdd((db.Model, typeof(T)), key => new RowInsert(
            key.Item1.FindEntityType(key.Item2) ?? throw new InvalidOperationException($"{key.Item2.Name} is not an entity of the model."),
            db.GetService<ISqlGenerationHelper>()));

    /// <summary>One INSERT of all the rows, with positional parameters (nothing for Npgsql to parse).</summary>
    public NpgsqlBatchCommand Command<T>(IReadOnlyCollection<T> rows) where T : class
    {
        var command = new NpgsqlBatchCommand(_sql.GetOrAdd(rows.Count, Sql));
        foreach (var row in rows)
        {
            foreach (var column in _columns)
            {
                var value = ValueOf(column, row);
                command.Parameters.Add((NpgsqlParameter)column.Mapping.CreateParameter(Parameters, "", value, column.Property.IsNullable || value is null));
            }
        }
        return command;
    }

    // A column of an optional complex type that is absent (a booking without a helper) is NULL.
    private static object? ValueOf(Column column, object row)
    {
        var container = row;
        foreach (var complex in column.Path)
        {
            container = complex.GetGetter().GetClrValue(container);
            if (container is null)
            {
                return null;
            }
        }
        return column.Property.GetGetter().GetClrValue(container);
    }

    private static IComplexProperty[] PathTo(IProperty property)
    {
        var path = new List<IComplexProperty>();
        for (var type = property.DeclaringType; type is IComplexType complex; type = complex.ComplexProperty.DeclaringType)
        {
            path.Insert(0, complex.ComplexProperty);
        }
        return [.. path];
    }

    private string Sql(int rows)
    {
        var sql = new StringBuilder(_into);
        var parameter = 0;
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < _columns.Length; column++)
            {
                sql.Append(column == 0 ? "$" : ", $").Append(++parameter);
            }
            sql.Append(')');
        }
        return sql.ToString();
    }
}
