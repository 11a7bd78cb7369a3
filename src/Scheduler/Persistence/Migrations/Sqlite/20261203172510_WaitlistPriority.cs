using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WaitlistPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PriorityFrom",
                table: "WaitlistEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "OutboundMessages",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // In place, as EndOfDay and WaitlistPartnerName do: no index or trigger uses either column.
            migrationBuilder.Sql("""ALTER TABLE "WaitlistEntries" DROP COLUMN "PriorityFrom";""");
            migrationBuilder.Sql("""ALTER TABLE "OutboundMessages" DROP COLUMN "Link";""");
        }
    }
}
