using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Allo.Scheduler.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxQueueIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_Status_NextAttemptAt",
                table: "OutboundMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_QueuedDue",
                table: "OutboundMessages",
                column: "NextAttemptAt",
                filter: "\"Status\" = 'Queued'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_QueuedDue",
                table: "OutboundMessages");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_Status_NextAttemptAt",
                table: "OutboundMessages",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}
