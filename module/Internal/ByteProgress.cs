using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Initializers.PowerShell.Internal
{
    /// <summary>Write-Progress by bytes for a streaming write: nothing for the first second, then at most once per
    /// percent, and a Completed record at the end when any was shown. Used by Export-Tensor -Initializer and
    /// Initialize-ModelWeight.</summary>
    internal sealed class ByteProgress
    {
        private readonly Cmdlet cmdlet;
        private readonly string activity;
        private readonly string description;
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long lastPercent = -1;

        /// <summary>Progress for one write.</summary>
        /// <param name="cmdlet">The cmdlet that writes the records (on its pipeline thread).</param>
        /// <param name="activity">The activity (the cmdlet's name).</param>
        /// <param name="file">The file written, named in the status line.</param>
        public ByteProgress(Cmdlet cmdlet, string activity, string file)
        {
            this.cmdlet = cmdlet;
            this.activity = activity;
            description = "Writing " + System.IO.Path.GetFileName(file);
        }

        /// <summary>The writers' progress callback: <paramref name="done"/> of <paramref name="total"/> bytes.</summary>
        public void Report(long done, long total)
        {
            if (clock.ElapsedMilliseconds < 1000 || total <= 0)
            {
                return;
            }

            var percent = (int)(done * 100 / total);
            if (percent == lastPercent)
            {
                return;
            }

            lastPercent = percent;
            cmdlet.WriteProgress(new ProgressRecord(1, activity, description)
            {
                PercentComplete = percent,
                StatusDescription = string.Format(CultureInfo.InvariantCulture, "{0:N0} of {1:N0} MB", done >> 20, total >> 20),
            });
        }

        /// <summary>Ends the progress bar, when one was shown.</summary>
        public void Complete()
        {
            if (lastPercent >= 0)
            {
                cmdlet.WriteProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
