using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_StatusAt_Channel_Status",
                table: "OutboundMessages",
                columns: new[] { "StatusAt", "Channel", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_CancelledAt",
                table: "Bookings",
                column: "CancelledAt");

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_CreatedAt",
                table: "Bookings",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_StatusAt_Channel_Status",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_CancelledAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_CreatedAt",
                table: "Bookings");
        }
    }
}
