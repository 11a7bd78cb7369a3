using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class JointReturn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Needs_PartnerName",
                table: "Bookings",
                type: "TEXT",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // In place rather than by EF Core's rebuild of Bookings: SeatClaims' capacity trigger reads
            // Bookings, and a rebuild drops and renames the table under it. No index or trigger uses the column.
            migrationBuilder.Sql("""ALTER TABLE "Bookings" DROP COLUMN "Needs_PartnerName";""");
        }
    }
}
