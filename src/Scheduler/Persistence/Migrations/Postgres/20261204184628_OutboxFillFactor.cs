using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxFillFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A message's lease and its provider-call count change no indexed column, so with room on
            // its page the row is updated in place (a HOT update): no new entry in any of the table's
            // indexes, and the lease's scan of the queued meets no copies (decision 0041). Pages
            // written from now on keep half free; the rows already there move as they are updated.
            migrationBuilder.Sql("ALTER TABLE \"OutboundMessages\" SET (fillfactor = 50)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE \"OutboundMessages\" RESET (fillfactor)");
        }
    }
}
