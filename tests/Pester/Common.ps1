# Shared by the Pester files: the module under test and a way to run code in a fresh pwsh.
$script:ModulePath = $env:INITIALIZERS_MODULE
$script:NuGet = $env:INITIALIZERS_NUGET

function Get-PwshCommand {
    # The same PowerShell as this one: pwsh's apphost, Windows PowerShell's powershell.exe, else pwsh.dll.
    $apphost = @('pwsh', 'pwsh.exe', 'powershell.exe') | ForEach-Object { Join-Path $PSHOME $_ } | Where-Object { Test-Path $_ -PathType Leaf } | Select-Object -First 1
    if ($apphost) { return @($apphost) }
    @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-FreshPwsh {
    # Runs $Script in a new pwsh -NoProfile; returns its output lines (stdout and stderr).
    param([string] $Script)
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("initializers-" + [guid]::NewGuid() + '.ps1')
    Set-Content -LiteralPath $file -Value $Script
    try {
        $cmd = @(Get-PwshCommand)
        $exe = $cmd[0]
        $argList = @($cmd | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)
        $out = & $exe @argList 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($out) }
    }
    finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
}
