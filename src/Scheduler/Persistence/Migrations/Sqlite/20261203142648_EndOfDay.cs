using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EndOfDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "OfferedStart",
                table: "OutboundMessages",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // In place rather than by EF Core's rebuild of OutboundMessages, as JointReturn does for Bookings:
            // a rebuild drops and renames the table under whatever refers to it. No index or trigger uses the column.
            migrationBuilder.Sql("""ALTER TABLE "OutboundMessages" DROP COLUMN "OfferedStart";""");
        }
    }
}
