using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WaitlistPartnerName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Needs_PartnerName",
                table: "WaitlistEntries",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // In place, as JointReturn and EndOfDay do: no index or trigger uses the column.
            migrationBuilder.Sql("""ALTER TABLE "WaitlistEntries" DROP COLUMN "Needs_PartnerName";""");
        }
    }
}
