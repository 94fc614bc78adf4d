<#
.SYNOPSIS
    Measures what the module costs: import time over a bare pwsh start, and New-ZerosTensor's per-call overhead
    against New-Object float[] in the same loop. Not a test (no timing assertions anywhere); run it by hand:
        dotnet pwsh ./tools/Measure-Module.ps1 [-ModulePath ./out/Initializers] [-Runs 10] [-Iterations 20000]

    The start-up measurements run interleaved (round r of each kind of process, then round r + 1), so a change in the
    machine's load hits them alike. PowerShell keeps a start-up profile in its cache folder (multicore JIT: a process
    precompiles, on another thread, what the previous process compiled), which makes a process's time depend on what
    ran before it. Each kind of process here gets its own cache folder (XDG_CACHE_HOME, on Linux and macOS), so every
    process after the first of its kind starts with its own kind's profile, as when a user runs the same script
    again, whatever else runs pwsh on the machine. tools/Measure-ImportBreakdown.ps1 splits the import further.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers'),
    [int] $Runs = 10,
    [int] $Iterations = 20000
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$apphost = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
$exe, $pre = if ($apphost) { $apphost, @() } else { 'dotnet', @((Join-Path $PSHOME 'pwsh.dll')) }

$empty = Join-Path ([System.IO.Path]::GetTempPath()) 'initializers-empty-module'
New-Item -ItemType Directory -Force $empty | Out-Null
Set-Content -LiteralPath (Join-Path $empty 'initializers-empty-module.psd1') -Value "@{ ModuleVersion = '1.0'; FunctionsToExport = @() }"
# Baseline: any Import-Module pays for PowerShell's module machinery; an empty manifest module shows that part.
$kinds = [ordered]@{
    bare        = 'exit'
    emptyImport = "Import-Module '$empty'; exit"
    import      = "Import-Module '$ModulePath'; exit"
    firstUse    = "Import-Module '$ModulePath'; `$null = New-ZerosTensor -Shape 3,4; exit"
    # A stopwatch, not Measure-Command: that cmdlet's module is imported first and warms PowerShell's manifest code.
    inProcess   = "`$sw = [System.Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; [int]`$sw.Elapsed.TotalMilliseconds"
}
$caches = Join-Path ([System.IO.Path]::GetTempPath()) "initializers-measure-module-$PID"
$times = @{}; foreach ($kind in $kinds.Keys) { $times[$kind] = [System.Collections.Generic.List[double]]::new() }
$cacheBefore = $env:XDG_CACHE_HOME
try {
    foreach ($round in 0..$Runs) {   # round 0 warms the disk cache and writes each kind's first profile
        foreach ($kind in $kinds.Keys) {
            $env:XDG_CACHE_HOME = Join-Path $caches $kind
            $sw = [System.Diagnostics.Stopwatch]::StartNew()
            $out = & $exe @pre -NoProfile -NonInteractive -Command $kinds[$kind]
            $elapsed = $sw.Elapsed.TotalMilliseconds
            if ($round -gt 0) { $times[$kind].Add($(if ($kind -eq 'inProcess') { [double]($out | Select-Object -Last 1) } else { $elapsed })) }
        }
    }
}
finally {
    $env:XDG_CACHE_HOME = $cacheBefore
    Remove-Item -Recurse -Force -LiteralPath $caches -ErrorAction SilentlyContinue
}
$median = { param($values) ($values | Sort-Object)[[int][math]::Floor($values.Count / 2)] }
$bare, $emptyImport, $import, $firstUse, $inProcessMedian = foreach ($kind in $kinds.Keys) { & $median $times[$kind] }
"pwsh start (median of $Runs):          {0,8:N0} ms" -f $bare
"pwsh start + Import of an empty module:{0,8:N0} ms  (+{1:N0} ms)" -f $emptyImport, ($emptyImport - $bare)
"pwsh start + Import-Module:            {0,8:N0} ms  (+{1:N0} ms)" -f $import, ($import - $bare)
"Import-Module alone, in process:       {0,8:N0} ms" -f $inProcessMedian
"pwsh start + Import + first cmdlet:    {0,8:N0} ms  (+{1:N0} ms)" -f $firstUse, ($firstUse - $bare)

Import-Module $ModulePath
$n = $Iterations
$null = New-ZerosTensor -Shape 3, 4; $null = New-Object -TypeName 'float[]' -ArgumentList 12   # warm up
$tZeros = (Measure-Command { for ($i = 0; $i -lt $n; $i++) { $null = New-ZerosTensor -Shape 3, 4 } }).TotalMilliseconds
$tArray = (Measure-Command { for ($i = 0; $i -lt $n; $i++) { $null = New-Object -TypeName 'float[]' -ArgumentList 12 } }).TotalMilliseconds
"New-ZerosTensor -Shape 3,4:            {0,8:N2} us/call" -f (1000 * $tZeros / $n)
"New-Object float[] 12:                 {0,8:N2} us/call" -f (1000 * $tArray / $n)
"ratio:                                 {0,8:N2}" -f ($tZeros / $tArray)
