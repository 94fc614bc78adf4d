<#
.SYNOPSIS
    Where Import-Module's time goes: the module as built against copies of it without its format file, without its
    type file, and without both, each in fresh processes. Not a test (nothing asserts a time); run it by hand:
        dotnet pwsh ./tools/Measure-ImportBreakdown.ps1 [-ModulePath ./out/Initializers] [-Runs 8] [-KeepProfile]

.DESCRIPTION
    The variants are laid out in a temporary folder: 'module' (the manifest as built), 'no types' (TypesToProcess
    removed), 'no format' (FormatsToProcess removed) and 'binary only' (both removed: the manifest and the cmdlet dll).
    Every process first imports an empty manifest module, which pays for PowerShell's own manifest machinery (the
    code any Import-Module of a .psd1 runs the first time in a process); then it imports the variant. Both imports
    are reported, each with its wall time, the CPU time of the importing thread (Linux: /proc/thread-self/schedstat;
    it is disturbed far less than the wall time by other work on the machine), and how many methods the runtime
    compiled on that thread and how long that took (System.Runtime.JitInfo). The variants run interleaved (round r
    of every variant, then round r + 1), and every figure is a median over -Runs processes, with the minimum beside.
    The part a file costs is the difference between the variant with it and the one without.

    PowerShell keeps a start-up profile (multicore JIT) in its cache folder: a process precompiles, on another
    thread, what the previous process compiled, so one run's figures depend on what ran before it. Unless
    -KeepProfile is given, every process here gets a private cache folder without a profile (XDG_CACHE_HOME), the
    case of a process that follows other work; with -KeepProfile they share the user's, as in everyday use.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Initializers'),
    [int] $Runs = 8,
    [switch] $KeepProfile
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$apphost = @('pwsh', 'pwsh.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
$exe, $pre = if ($apphost) { $apphost, @() } else { 'dotnet', @((Join-Path $PSHOME 'pwsh.dll')) }

$work = Join-Path ([System.IO.Path]::GetTempPath()) "initializers-import-breakdown-$PID"
$empty = Join-Path $work 'empty/initializers-empty-module'
New-Item -ItemType Directory -Force $empty | Out-Null
[System.IO.File]::WriteAllText((Join-Path $empty 'initializers-empty-module.psd1'), "@{ ModuleVersion = '1.0'; FunctionsToExport = @() }")
$manifest = Get-Content -Raw -LiteralPath (Join-Path $ModulePath 'Initializers.psd1')
$drop = @{ 'module' = @(); 'no types' = @('TypesToProcess'); 'no format' = @('FormatsToProcess'); 'binary only' = @('TypesToProcess', 'FormatsToProcess') }
$variants = foreach ($name in 'binary only', 'no types', 'no format', 'module') {
    $dir = Join-Path $work "$($name -replace ' ', '-')/Initializers"
    New-Item -ItemType Directory -Force (Split-Path $dir) | Out-Null
    Copy-Item -Recurse -LiteralPath $ModulePath -Destination $dir
    $text = $manifest
    foreach ($key in $drop[$name]) {
        $text = $text -replace "(?m)^\s*$key\s*=.*\r?\n", ''
        if ($text -match "(?m)^\s*$key\s*=") { throw "Could not remove $key from the manifest copy." }
    }
    [System.IO.File]::WriteAllText((Join-Path $dir 'Initializers.psd1'), $text)
    [pscustomobject]@{ Name = $name; Path = $dir }
}

# One line per import: step, wall ms, thread CPU ms (-1 where /proc/thread-self is missing), methods compiled, JIT ms.
$probe = @'
param($Empty, $Module)
# Nothing but .NET calls around the imports: a cmdlet from another module would import that module first, and so
# warm PowerShell's manifest code before the empty import is measured.
$schedstat = '/proc/thread-self/schedstat'
$hasCpu = [System.IO.File]::Exists($schedstat)
function Measure-Import([string] $Step, [string] $Path) {
    $n0 = [System.Runtime.JitInfo]::GetCompiledMethodCount($true); $j0 = [System.Runtime.JitInfo]::GetCompilationTime($true)
    $c0 = if ($hasCpu) { [long]([System.IO.File]::ReadAllText($schedstat).Split(' ')[0]) } else { 0 }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    Import-Module $Path
    $wall = $sw.Elapsed.TotalMilliseconds
    $c1 = if ($hasCpu) { [long]([System.IO.File]::ReadAllText($schedstat).Split(' ')[0]) } else { 0 }
    $n1 = [System.Runtime.JitInfo]::GetCompiledMethodCount($true); $j1 = [System.Runtime.JitInfo]::GetCompilationTime($true)
    '{0}|{1:F1}|{2:F1}|{3}|{4:F1}' -f $Step, $wall, $(if ($hasCpu) { ($c1 - $c0) / 1e6 } else { -1 }), ($n1 - $n0), ($j1 - $j0).TotalMilliseconds
}
Measure-Import 'empty' $Empty
Measure-Import 'module' $Module
'LIBRARY=' + @([AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -in 'Initializers', 'MathNet.Numerics', 'YamlDotNet' })).Count
'@
$probeFile = Join-Path $work 'probe.ps1'
Set-Content -LiteralPath $probeFile -Value $probe

$rows = [System.Collections.Generic.List[object]]::new()
$cacheBefore = $env:XDG_CACHE_HOME
try {
    foreach ($round in 1..$Runs) {
        foreach ($variant in $variants) {
            if (-not $KeepProfile) {
                $env:XDG_CACHE_HOME = Join-Path $work "cache-$round-$($variant.Name -replace ' ', '-')"
            }
            $out = & $exe @pre -NoProfile -NonInteractive -File $probeFile $empty $variant.Path
            foreach ($line in $out) {
                if ($line -like 'LIBRARY=*') {
                    if ($line -ne 'LIBRARY=0') { Write-Warning "$($variant.Name), round ${round}: the library was loaded by Import-Module ($line)." }
                    continue
                }
                $step, $wall, $thread, $methods, $jit = $line -split '\|'
                $rows.Add([pscustomobject]@{ Variant = if ($step -eq 'empty') { 'empty manifest (first import)' } else { $variant.Name }
                        Wall = [double]$wall; Thread = [double]$thread; Methods = [int]$methods; Jit = [double]$jit })
            }
        }
    }
}
finally {
    $env:XDG_CACHE_HOME = $cacheBefore
    Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
}

$median = { param($values) $sorted = @($values | Sort-Object); $sorted[[int][math]::Floor($sorted.Count / 2)] }
$summary = foreach ($name in 'empty manifest (first import)', 'binary only', 'no types', 'no format', 'module') {
    $group = @($rows | Where-Object Variant -eq $name)
    [pscustomobject]@{
        Variant            = $name
        'Wall ms (min)'    = '{0:F0} ({1:F0})' -f (& $median $group.Wall), ($group.Wall | Measure-Object -Minimum).Minimum
        'Thread ms (min)'  = '{0:F0} ({1:F0})' -f (& $median $group.Thread), ($group.Thread | Measure-Object -Minimum).Minimum
        'Methods compiled' = & $median $group.Methods
        'JIT ms'           = '{0:F0}' -f (& $median $group.Jit)
        ThreadMedian       = & $median $group.Thread
    }
}
"Import-Module breakdown, $Runs fresh processes per variant, interleaved$(if (-not $KeepProfile) { ', no start-up profile' }):"
$summary | Select-Object -ExcludeProperty ThreadMedian | Format-Table -AutoSize | Out-String -Width 200
$byName = @{}; foreach ($s in $summary) { $byName[$s.Variant] = $s.ThreadMedian }
'Thread CPU of each part (difference of medians): format file {0:F0} ms, type file {1:F0} ms, binary module with its manifest {2:F0} ms.' -f `
($byName['module'] - $byName['no format']), ($byName['module'] - $byName['no types']), $byName['binary only']
